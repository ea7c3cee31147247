using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// What a DELETE answers, as the generic store's finalizeDelete: a Status Success naming what was removed (details.kind
/// is the resource), except for the kinds whose registry sets ReturnDeletedObject (pods, services, ...), and the object
/// itself while finalizers keep it.
/// </summary>
public sealed class DeleteResponseTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task ARemovedConfigMapOrDeploymentIsAStatus()
    {
        var cm = await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"k3"},"data":{"a":"1"}}""");
        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/k3");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal($$$"""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","details":{"name":"k3","kind":"configmaps","uid":"{{{cm.Str("metadata", "uid")}}}"}}""",
            body.ToJsonString());

        var deploy = await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/deployments",
            """{"metadata":{"name":"d"},"spec":{"replicas":0,"selector":{"matchLabels":{"a":"d"}},"template":{"metadata":{"labels":{"a":"d"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}""");
        (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Delete, "/apis/apps/v1/namespaces/default/deployments/d?propagationPolicy=Background");
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal($$$"""{"name":"d","group":"apps","kind":"deployments","uid":"{{{deploy.Str("metadata", "uid")}}}"}""", body["details"]!.ToJsonString());
    }

    [Fact]
    public async Task ServicesAndObjectsKeptByFinalizersAnswerWithTheObject()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/services", """{"metadata":{"name":"s"},"spec":{"ports":[{"port":80}]}}""");
        var (_, service) = await Server.Http.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/services/s");
        Assert.Equal("Service", service.Str("kind"));

        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"metadata":{"name":"kept","finalizers":["example.com/keep"]}}""");
        var (_, kept) = await Server.Http.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/kept");
        Assert.Equal("ConfigMap", kept.Str("kind"));
        Assert.NotNull(kept["metadata"]!["deletionTimestamp"]);
    }
}
