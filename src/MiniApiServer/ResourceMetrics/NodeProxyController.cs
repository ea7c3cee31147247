using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Usage;
using MiniApiServer.Http;
using MiniApiServer.Storage;

namespace MiniApiServer.ResourceMetrics;

/// <summary>
/// nodes/proxy (pkg/registry/core/node/rest/proxy.go) to the simulated kubelet of a node: GET /healthz, /pods,
/// /stats/summary and /metrics/resource answer as a kubelet's would (KWOK emulates the same endpoints); any other path
/// is the kubelet mux's plain 404. The kubelet listens on 10250 only while its node is Ready; elsewhere the dial fails
/// as upstream's proxy reports it, a 503 "error trying to reach service".
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class NodeProxyController(ObjectStore store, ResourceRegistry registry, TimeProvider time) : ControllerBase
{
    private const int KubeletPort = 10250;

    // proxy.go's proxyMethods: every method reaches the kubelet, whose own routes decide.
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/nodes/{name}/proxy")]
    [AcceptVerbs("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", Route = "api/v1/nodes/{name}/proxy/{**path}")]
    public async Task Proxy(string name, string? path)
    {
        var (_, node, portText) = ProxyTarget.Split(name, "node");
        var port = portText is null ? KubeletPort : int.TryParse(portText, out var p) ? p : -1;
        var stored = store.Cache.Get(registry.Nodes.StorageKey, "", node)
            ?? throw new ApiException(404, "NotFound", $"nodes \"{node}\" not found") { Details = new StatusDetails(node, "", "nodes") };
        var model = ModelCodec.DecodeShared<V1Node>(stored);
        if (port != KubeletPort || model.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true)
        {
            var address = model.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address ?? node;
            throw new ApiException(503, "ServiceUnavailable",
                $"error trying to reach service: dial tcp {address}:{port}: the simulated kubelet of node {node} is not listening");
        }
        var now = time.GetUtcNow();
        var kubeletPath = "/" + (path ?? "").TrimEnd('/');
        if (!KubeletServes(kubeletPath, Request.Method))
        {
            // go-restful's answer for a route registered for other methods (the kubelet's /pods is GET only).
            Response.StatusCode = 405;
            await Text("405: Method Not Allowed").ConfigureAwait(false);
            return;
        }
        switch (kubeletPath)
        {
            case "/healthz":
                await Text("ok").ConfigureAwait(false);
                break;
            case "/pods":
                await Json(PodList(Pods(node, running: false))).ConfigureAwait(false);
                break;
            case "/stats/summary":
                await Json(SimulatedKubelet.Summary(model, Pods(node, running: true), now)).ConfigureAwait(false);
                break;
            case "/metrics/resource":
                await Text(SimulatedKubelet.ResourceMetrics(model, Pods(node, running: true), now), "text/plain; version=0.0.4; charset=utf-8").ConfigureAwait(false);
                break;
            default:
                Response.StatusCode = 404;
                await Text("404 page not found\n").ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The kubelet's handlers (pkg/kubelet/server/server.go): /healthz and /metrics/resource are plain mux handlers that
    /// take any method (a HEAD is answered as a GET without its body), /pods a go-restful GET route, /stats/summary
    /// GET and POST; go-restful matches the method exactly, so a HEAD there is its 405.
    /// </summary>
    private static bool KubeletServes(string kubeletPath, string method) => kubeletPath switch
    {
        "/pods" => method is "GET",
        "/stats/summary" => method is "GET" or "POST",
        _ => true,
    };

    private List<V1Pod> Pods(string node, bool running) =>
        // Matched on the field index a spec.nodeName selector reads, so a scrape of one node decodes only that node's
        // pods; the cache still walks every pod (it has no secondary index), which a 5,000-node scrape cycle pays.
        [.. store.Cache.List(registry.Pods.StorageKey, null, o => o.Index.Fields.TryGetValue("spec.nodeName", out var bound) && bound == node).Items
            .Select(ModelCodec.DecodeShared<V1Pod>)
            .Where(p => !running || SimulatedUsage.IsRunning(p))];

    private static JsonObject PodList(IEnumerable<V1Pod> pods) => new()
    {
        ["kind"] = "PodList",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray([.. pods.Select(p => (JsonNode?)ModelCodec.Encode(p))]),
    };

    private Task Json(JsonObject doc) =>
        ObjectWriter.WriteObjectAsync(Response, Encoding.UTF8.GetBytes(doc.ToJsonString(StatusWriter.Json)), 200);

    private async Task Text(string body, string contentType = "text/plain; charset=utf-8")
    {
        Response.ContentType = contentType;
        await Response.WriteAsync(body, HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
