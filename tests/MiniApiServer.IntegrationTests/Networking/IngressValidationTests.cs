using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Networking.NetworkingKit;

namespace MiniApiServer.IntegrationTests.Networking;

/// <summary>
/// ValidateIngressCreate/Update (pkg/apis/networking/validation/validation.go, 1.32) over HTTP: the 422 a client
/// sees, with upstream's field paths and messages.
/// </summary>
public sealed class IngressValidationTests : ServerTest
{
    private const string Subdomain = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Theory]
    [InlineData("{}", "spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified")]
    [InlineData("""{"rules":[]}""", "spec: Invalid value: []networking.IngressRule{}: either `defaultBackend` or `rules` must be specified")]
    [InlineData("""{"defaultBackend":{}}""", "spec.defaultBackend: Invalid value: \"\": resource or service backend is required")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{"number":80}},"resource":{"kind":"Bucket","name":"b"}}}""", "spec.defaultBackend: Invalid value: \"\": cannot set both resource and service backends")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{"name":"http","number":80}}}}""", "spec.defaultBackend: Invalid value: \"\": cannot set both port name & port number")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{}}}}""", "spec.defaultBackend: Required value: port name or number is required")]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{"number":70000}}}}""", "spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("""{"defaultBackend":{"service":{"name":"1web","port":{"name":"http"}}}}""", "spec.defaultBackend.service.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("""{"defaultBackend":{"resource":{"apiGroup":"k8s.example.com","name":"b"}}}""", "spec.defaultBackend.resource.kind: Required value")]
    [InlineData("""{"ingressClassName":"Nginx","defaultBackend":{"service":{"name":"web","port":{"number":80}}}}""", "spec.ingressClassName: Invalid value: \"Nginx\": " + Subdomain)]
    [InlineData("""{"defaultBackend":{"service":{"name":"web","port":{"number":80}}},"tls":[{"hosts":["ok.example.com","Bad.example.com"],"secretName":"tls_cert"}]}""",
        "[spec.tls[0].hosts[1]: Invalid value: \"Bad.example.com\": " + Subdomain + ", spec.tls[0].secretName: Invalid value: \"tls_cert\": " + Subdomain + "]")]
    public async Task InvalidSpec_Is422_WithUpstreamsMessage(string spec, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Ingresses, Ingress("bad", spec));

        Assert.Equal($"Ingress.networking.k8s.io \"bad\" is invalid: {cause}", message);
    }

    [Theory]
    [InlineData("web.example.com", "/", "", "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified")]
    [InlineData("web.example.com", "/", "Regex", "spec.rules[0].http.paths[0].pathType: Unsupported value: \"Regex\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"")]
    [InlineData("web.example.com", "api", "Prefix", "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path")]
    [InlineData("web.example.com", "api", "ImplementationSpecific", "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path")]
    [InlineData("web.example.com", "/a//b/..", "Exact", "[spec.rules[0].http.paths[0].path: Invalid value: \"/a//b/..\": must not contain '//', spec.rules[0].http.paths[0].path: Invalid value: \"/a//b/..\": cannot end with '/..'"
        + "]")]
    [InlineData("1.2.3.4", "/", "Prefix", "spec.rules[0].host: Invalid value: \"1.2.3.4\": must be a DNS name, not an IP address")]
    [InlineData("foo.*.example.com", "/", "Prefix", "spec.rules[0].host: Invalid value: \"foo.*.example.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    public async Task InvalidRule_Is422_WithUpstreamsMessage(string host, string path, string pathType, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Ingresses, Ingress("bad", RuleSpec(host, path, pathType)));

        Assert.Equal($"Ingress.networking.k8s.io \"bad\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task WildcardHostAndEveryPathType_AreAccepted()
    {
        var spec = """
            {"ingressClassName":"nginx","rules":[{"host":"*.example.com","http":{"paths":[
              {"path":"/exact","pathType":"Exact","backend":{"service":{"name":"web","port":{"number":80}}}},
              {"path":"/api","pathType":"Prefix","backend":{"service":{"name":"api","port":{"name":"http"}}}},
              {"pathType":"ImplementationSpecific","backend":{"resource":{"apiGroup":"k8s.example.com","kind":"StorageBucket","name":"static"}}}]}}],
             "tls":[{"hosts":["*.example.com"],"secretName":"wildcard-tls"}]}
            """;

        var created = await Server.Http.CreateAsync(Ingresses, Ingress("ok", spec));

        Assert.Equal("nginx", created.Str("spec", "ingressClassName"));
    }

    /// <summary>The annotation may name the class the field names, but no other, and only a create is checked.</summary>
    [Fact]
    public async Task ClassAnnotation_MustMatchTheField_OnCreate()
    {
        const string spec = """{"ingressClassName":"nginx","defaultBackend":{"service":{"name":"web","port":{"number":80}}}}""";

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Ingresses, Ingress("bad", spec, """{"kubernetes.io/ingress.class":"traefik"}"""));
        Assert.Equal("Ingress.networking.k8s.io \"bad\" is invalid: annotations.kubernetes.io/ingress.class: Invalid value: \"traefik\": must match `ingressClassName` when both are specified", message);

        await Server.Http.CreateAsync(Ingresses, Ingress("same", spec, """{"kubernetes.io/ingress.class":"nginx"}"""));
        var updated = await Server.Http.MergePatchAsync($"{Ingresses}/same", """{"metadata":{"annotations":{"kubernetes.io/ingress.class":"traefik"}}}""");
        Assert.Equal("traefik", updated.Str("metadata", "annotations", "kubernetes.io/ingress.class"));
    }

    [Fact]
    public async Task Update_IsCheckedToo()
    {
        await Server.Http.CreateAsync(Ingresses, Ingress("web", RuleSpec("web.example.com", "/", "Prefix")));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Ingresses}/web", """{"spec":{"rules":null}}""", "application/merge-patch+json");

        Assert.Equal("Ingress.networking.k8s.io \"web\" is invalid: spec: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified", message);
        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Get, $"{Ingresses}/web");
        Assert.Equal(HttpStatusCode.OK, code);
    }
}
