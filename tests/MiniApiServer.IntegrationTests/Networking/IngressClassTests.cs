using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Networking.NetworkingKit;

namespace MiniApiServer.IntegrationTests.Networking;

/// <summary>
/// IngressClasses (ingressclass/strategy.go, SetDefaults_IngressClass, ValidateIngressClass/Update) and the
/// DefaultIngressClass admission plugin (plugin/pkg/admission/network/defaultingressclass/admission.go) over HTTP.
/// </summary>
public sealed class IngressClassTests : ServerTest
{
    private const string Nginx = """{"controller":"k8s.io/ingress-nginx"}""";
    private const string Classless = """{"defaultBackend":{"service":{"name":"web","port":{"number":80}}}}""";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Parameters_WithoutScope_AreClusterScoped()
    {
        var created = await Server.Http.CreateAsync(IngressClasses, IngressClass("nginx", """{"controller":"k8s.io/ingress-nginx","parameters":{"apiGroup":"k8s.example.com","kind":"Params","name":"p"}}"""));

        Assert.Equal("Cluster", created.Str("spec", "parameters", "scope"));
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<int>());
        Assert.Null(created["metadata"]!["namespace"]);
    }

    [Theory]
    [InlineData("{}", "spec.controller: Required value")]
    [InlineData("""{"controller":"nginx"}""", "spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")")]
    [InlineData("""{"controller":"k8s.io/ingress nginx"}""", "spec.controller: Invalid value: \"ingress nginx\": Invalid path (regex used for validation is '[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')")]
    [InlineData("""{"controller":"k8s.io/x","parameters":{"kind":"Params","name":"p","scope":"Namespace"}}""", "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'")]
    [InlineData("""{"controller":"k8s.io/x","parameters":{"kind":"Params","name":"p","scope":"Cluster","namespace":"default"}}""", "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'")]
    [InlineData("""{"controller":"k8s.io/x","parameters":{"kind":"Params","name":"p","scope":"Global"}}""", "spec.parameters.scope: Unsupported value: \"Global\": supported values: \"Cluster\", \"Namespace\"")]
    [InlineData("""{"controller":"k8s.io/x","parameters":{"kind":"Params","name":"a/b"}}""", "spec.parameters.name: Invalid value: \"a/b\": may not contain '/'")]
    public async Task InvalidSpec_Is422_WithUpstreamsMessage(string spec, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, IngressClasses, IngressClass("bad", spec));

        Assert.Equal($"IngressClass.networking.k8s.io \"bad\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task ControllerLongerThan250Bytes_IsTooLong()
    {
        var controller = "k8s.io/" + new string('a', 244);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, IngressClasses, IngressClass("long", $$"""{"controller":"{{controller}}"}"""));

        Assert.Equal("IngressClass.networking.k8s.io \"long\" is invalid: spec.controller: Too long: may not be more than 250 bytes", message);
    }

    [Fact]
    public async Task Controller_IsImmutable()
    {
        await Server.Http.CreateAsync(IngressClasses, IngressClass("nginx", Nginx));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{IngressClasses}/nginx", """{"spec":{"controller":"example.com/other"}}""", "application/merge-patch+json");

        Assert.Equal("IngressClass.networking.k8s.io \"nginx\" is invalid: spec.controller: Invalid value: \"example.com/other\": field is immutable", message);
    }

    [Fact]
    public async Task ClasslessIngress_GetsTheDefaultClass_ButNotWhenItNamesOne()
    {
        await Server.Http.CreateAsync(IngressClasses, IngressClass("nginx", Nginx, isDefault: true));
        await Server.Http.CreateAsync(IngressClasses, IngressClass("traefik", """{"controller":"traefik.io/ingress-controller"}"""));

        var classless = await Server.Http.CreateAsync(Ingresses, Ingress("classless", Classless));
        var named = await Server.Http.CreateAsync(Ingresses, Ingress("named", """{"ingressClassName":"traefik","defaultBackend":{"service":{"name":"web","port":{"number":80}}}}"""));
        var annotated = await Server.Http.CreateAsync(Ingresses, Ingress("annotated", Classless, """{"kubernetes.io/ingress.class":"traefik"}"""));

        Assert.Equal("nginx", classless.Str("spec", "ingressClassName"));
        Assert.Equal("traefik", named.Str("spec", "ingressClassName"));
        Assert.Null(annotated.Str("spec", "ingressClassName"));
    }

    [Fact]
    public async Task NoDefaultClass_LeavesTheIngressClassless()
    {
        await Server.Http.CreateAsync(IngressClasses, IngressClass("nginx", Nginx));

        var created = await Server.Http.CreateAsync(Ingresses, Ingress("classless", Classless));

        Assert.Null(created.Str("spec", "ingressClassName"));
    }

    [Fact]
    public async Task TwoDefaultClasses_RefuseAClasslessIngress()
    {
        await Server.Http.CreateAsync(IngressClasses, IngressClass("nginx", Nginx, isDefault: true));
        await Server.Http.CreateAsync(IngressClasses, IngressClass("traefik", """{"controller":"traefik.io/ingress-controller"}""", isDefault: true));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Ingresses, Ingress("classless", Classless));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("Forbidden", status.Str("reason"));
        Assert.Equal("ingresses.networking.k8s.io \"classless\" is forbidden: Internal error occurred: 2 default IngressClasses were found, only 1 allowed", status.Str("message"));
        Assert.Null(await Server.Http.GetJsonAsync($"{Ingresses}/classless"));
        await Server.Http.CreateAsync(Ingresses, Ingress("named", """{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"web","port":{"number":80}}}}"""));
    }
}
