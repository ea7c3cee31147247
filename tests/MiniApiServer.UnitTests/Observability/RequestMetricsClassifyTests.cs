using Microsoft.AspNetCore.Http;
using MiniApiServer.Application.Resources;
using MiniApiServer.Observability;

namespace MiniApiServer.UnitTests.Observability;

/// <summary>
/// apiserver_request_total's verb and resource labels, as kube-apiserver's metrics filter names them
/// (staging/src/k8s.io/apiserver/pkg/endpoints/metrics/metrics.go: LIST and WATCH for collection reads, resource plus
/// subresource).
/// </summary>
public sealed class RequestMetricsClassifyTests
{
    private static readonly IReadOnlySet<string> Served = new ResourceRegistry().Types.Select(t => t.Plural).ToHashSet(StringComparer.Ordinal);

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "", "LIST", "pods")]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "?watch=true", "WATCH", "pods")]
    [InlineData("GET", "/api/v1/namespaces/default/pods", "?watch=1", "WATCH", "pods")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web-1", "", "GET", "pods")]
    [InlineData("PUT", "/api/v1/namespaces/default/pods/web-1/status", "", "PUT", "pods/status")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/web-1/eviction", "", "POST", "pods/eviction")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web-1/proxy/a/b/c/d/e/f", "", "GET", "pods/proxy")]
    [InlineData("POST", "/apis/apps/v1/namespaces/kube-system/daemonsets", "", "POST", "daemonsets")]
    [InlineData("GET", "/apis/apps/v1/daemonsets", "", "LIST", "daemonsets")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/kube-system/daemonsets/ds/status", "", "PATCH", "daemonsets/status")]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps", "", "DELETECOLLECTION", "configmaps")]
    [InlineData("DELETE", "/api/v1/namespaces/default/configmaps/c", "", "DELETE", "configmaps")]
    [InlineData("GET", "/api/v1/nodes/node-1", "", "GET", "nodes")]
    [InlineData("GET", "/api/v1/namespaces", "", "LIST", "namespaces")]
    [InlineData("GET", "/api/v1/namespaces/kube-system", "", "GET", "namespaces")]
    [InlineData("PUT", "/api/v1/namespaces/gone/finalize", "", "PUT", "namespaces/finalize")]
    [InlineData("PUT", "/api/v1/namespaces/gone/status", "", "PUT", "namespaces/status")]
    [InlineData("GET", "/api/v1", "", "GET", "")]
    [InlineData("GET", "/apis/apps/v1", "", "GET", "")]
    [InlineData("GET", "/healthz", "", "GET", "")]
    [InlineData("GET", "/", "", "GET", "")]
    [InlineData("OPTIONS", "//api//v1//namespaces//default//pods//", "", "other", "pods")]
    [InlineData("FROBNICATE", "/api/v1/namespaces/default/pods", "", "other", "pods")]
    [InlineData("GET", "/api/v1/namespaces/default/made-up-1234", "", "LIST", "")]
    [InlineData("GET", "/apis/example.com/v1/widgets/w", "", "GET", "")]
    [InlineData("GET", "/api/v1/namespaces/default/pods/web-1/made-up-5678", "", "GET", "pods")]
    public void Classify_NamesVerbAndResourceAsUpstream(string method, string path, string query, string verb, string resource)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.Path = path;
        request.QueryString = new QueryString(query);
        Assert.Equal((verb, resource), RequestMetricsMiddleware.Classify(request, Served));
    }

    [Fact]
    public void ApplyPatch_IsCountedAsApply()
    {
        var request = new DefaultHttpContext().Request;
        request.Method = "PATCH";
        request.Path = "/apis/apps/v1/namespaces/default/daemonsets/ds";
        request.ContentType = "application/apply-patch+yaml";

        Assert.Equal(("APPLY", "daemonsets"), RequestMetricsMiddleware.Classify(request, Served));
    }
}
