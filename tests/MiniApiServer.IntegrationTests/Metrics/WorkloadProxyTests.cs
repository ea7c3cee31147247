using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Metrics;

/// <summary>
/// pods/proxy and services/proxy resolve their target as upstream's ResourceLocation does, then fail to dial it: no
/// simulated pod serves anything. The oracle for the address is the pod's own status and the service's Endpoints.
/// </summary>
public sealed class WorkloadProxyTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    private async Task<(HttpStatusCode Code, string? Message)> ProxyAsync(string path)
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, path);
        return (code, status.Str("message"));
    }

    [Fact]
    public async Task Pod_IsResolvedToItsIp_ThenUnreachable()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"nginx"},{"name":"d","image":"nginx","ports":[{"containerPort":8443}]}]}}""");
        var pod = await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/web"), p => !string.IsNullOrEmpty(p.Str("status", "podIP")),
            TimeSpan.FromSeconds(30), "pod IP");
        var ip = pod.Str("status", "podIP");

        // No port named: the first container port any container declares.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"error trying to reach service: dial tcp {ip}:8443: simulated pods serve no network endpoints"),
            await ProxyAsync("/api/v1/namespaces/default/pods/web/proxy/"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"error trying to reach service: dial tcp {ip}:8080: simulated pods serve no network endpoints"),
            await ProxyAsync("/api/v1/namespaces/default/pods/http:web:8080/proxy/metrics"));
        Assert.Equal((HttpStatusCode.NotFound, "pods \"nope\" not found"), await ProxyAsync("/api/v1/namespaces/default/pods/nope/proxy/"));
    }

    [Fact]
    public async Task PodWithoutIp_IsAddressNotAllowed()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"pending"},"spec":{"nodeSelector":{"nowhere":"true"},"containers":[{"name":"c","image":"nginx"}]}}""");

        Assert.Equal((HttpStatusCode.BadRequest, "address not allowed"), await ProxyAsync("/api/v1/namespaces/default/pods/pending/proxy/"));
    }

    [Fact]
    public async Task Service_WithoutEndpoints_IsUnavailable_AndWithOne_IsUnreachable()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/services", """{"metadata":{"name":"web"},"spec":{"selector":{"app":"web"},"ports":[{"name":"http","port":8080,"targetPort":80}]}}""");
        // The endpoints controller writes the service's empty Endpoints shortly after the service.
        var unavailable = await Eventually.Get(() => ProxyAsync("/api/v1/namespaces/default/services/web:http/proxy/"), r => r.Code != HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the service's Endpoints");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "no endpoints available for service \"web\""), unavailable);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "no service port 9999 found for service \"web\""), await ProxyAsync("/api/v1/namespaces/default/services/web:9999/proxy/"));
        Assert.Equal((HttpStatusCode.BadRequest, "invalid service request \"ftp:web:80\""), await ProxyAsync("/api/v1/namespaces/default/services/ftp:web:80/proxy/"));

        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", """{"metadata":{"name":"web-1","labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}}""");
        var endpoints = await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/endpoints/web"),
            e => e?["subsets"]?[0]?["addresses"]?[0] is not null, TimeSpan.FromSeconds(30), "a ready endpoint");
        var ip = endpoints!["subsets"]![0]!["addresses"]![0]!["ip"]!.GetValue<string>();

        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"error trying to reach service: dial tcp {ip}:80: simulated pods serve no network endpoints"),
            await ProxyAsync("/api/v1/namespaces/default/services/web:http/proxy/healthz"));
        // By number, the service port 8080 names the endpoint port "http"; with no port, only an unnamed endpoint port would do.
        Assert.Equal((HttpStatusCode.ServiceUnavailable, $"error trying to reach service: dial tcp {ip}:80: simulated pods serve no network endpoints"),
            await ProxyAsync("/api/v1/namespaces/default/services/web:8080/proxy/"));
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "no endpoints available for service \"web\""), await ProxyAsync("/api/v1/namespaces/default/services/web/proxy/"));
    }
}
