using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Usage;
using MiniApiServer.Features;
using MiniApiServer.Http;

namespace MiniApiServer.ResourceMetrics;

/// <summary>
/// NodeMetrics and PodMetrics of the simulated cluster, in metrics-server's shapes, so `kubectl top` works. Figures
/// come from <see cref="SimulatedUsage"/>; only running pods have metrics, as metrics-server only sees running containers.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class MetricsController(ISender sender, ResourceRegistry registry, TimeProvider time) : ControllerBase
{
    private const string Base = "apis/" + MetricsApi.GroupVersion + "/";

    [HttpGet(Base + "nodes")]
    public async Task ListNodes()
    {
        var (nodes, pods) = (await Nodes(Request.Query["labelSelector"]).ConfigureAwait(false), await RunningPods(null).ConfigureAwait(false));
        var now = time.GetUtcNow();
        await WriteList("NodeMetricsList", nodes.Select(n => NodeMetrics(n, pods, now))).ConfigureAwait(false);
    }

    [HttpGet(Base + "nodes/{name}")]
    public async Task GetNode(string name)
    {
        var node = (await Nodes(null).ConfigureAwait(false)).FirstOrDefault(n => n.Name() == name)
            ?? throw NotFound(MetricsApi.Nodes, name);
        await Write(NodeMetrics(node, await RunningPods(null).ConfigureAwait(false), time.GetUtcNow())).ConfigureAwait(false);
    }

    [HttpGet(Base + "pods")]
    public Task ListAllPods() => ListPods(null);

    [HttpGet(Base + "namespaces/{namespace}/pods")]
    public async Task ListPods(string? @namespace)
    {
        var now = time.GetUtcNow();
        var pods = await RunningPods(@namespace, Request.Query["labelSelector"]).ConfigureAwait(false);
        await WriteList("PodMetricsList", pods.Select(p => PodMetrics(p, now))).ConfigureAwait(false);
    }

    [HttpGet(Base + "namespaces/{namespace}/pods/{name}")]
    public async Task GetPod(string @namespace, string name)
    {
        var pod = (await RunningPods(@namespace).ConfigureAwait(false)).FirstOrDefault(p => p.Name() == name)
            ?? throw NotFound(MetricsApi.Pods, name);
        await Write(PodMetrics(pod, time.GetUtcNow())).ConfigureAwait(false);
    }

    private static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{type.GroupResource} \"{name}\" not found") { Details = new StatusDetails(name, type.Group, type.Plural) };

    private static JsonObject NodeMetrics(V1Node node, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var usage = pods.Where(p => p.Spec.NodeName == node.Name())
            .Aggregate(SimulatedUsage.NodeOverhead, (sum, p) => sum + SimulatedUsage.Pod(p, now));
        var metrics = Metrics("NodeMetrics", node.Metadata, now);
        metrics["usage"] = Quantities(usage);
        return metrics;
    }

    private static JsonObject PodMetrics(V1Pod pod, DateTimeOffset now)
    {
        var metrics = Metrics("PodMetrics", pod.Metadata, now);
        metrics["containers"] = new JsonArray(SimulatedUsage.Containers(pod, now)
            .Select(c => (JsonNode?)new JsonObject { ["name"] = c.Container, ["usage"] = Quantities(c.Usage) }).ToArray());
        return metrics;
    }

    private static JsonObject Metrics(string kind, V1ObjectMeta source, DateTimeOffset now)
    {
        var metadata = new JsonObject { ["name"] = source.Name, ["creationTimestamp"] = MetricsApi.Stamp(now) };
        if (source.NamespaceProperty is { Length: > 0 } ns)
        {
            metadata["namespace"] = ns;
        }
        if (source.Labels is { Count: > 0 } labels)
        {
            metadata["labels"] = JsonSerializer.SerializeToNode(labels);
        }
        return new JsonObject
        {
            ["kind"] = kind,
            ["apiVersion"] = MetricsApi.GroupVersion,
            ["metadata"] = metadata,
            ["timestamp"] = MetricsApi.Stamp(now),
            ["window"] = MetricsApi.Window,
        };
    }

    private static JsonObject Quantities(ResourceUsage usage) =>
        new(usage.ToQuantities().Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));


    private async Task<List<V1Node>> Nodes(string? labelSelector)
    {
        var list = await sender.Send(new ListObjectsQuery(registry.Nodes, null, new ListOptions(LabelSelector: labelSelector)), HttpContext.RequestAborted).ConfigureAwait(false);
        return list.Items.Select(i => ModelCodec.Decode<V1Node>(i.Json)).ToList();
    }

    private async Task<List<V1Pod>> RunningPods(string? ns, string? labelSelector = null)
    {
        var list = await sender.Send(new ListObjectsQuery(registry.Pods, ns, new ListOptions(LabelSelector: labelSelector)), HttpContext.RequestAborted).ConfigureAwait(false);
        return list.Items.Select(i => ModelCodec.Decode<V1Pod>(i.Json)).Where(SimulatedUsage.IsRunning).ToList();
    }

    private Task WriteList(string kind, IEnumerable<JsonObject> items) => Write(new JsonObject
    {
        ["kind"] = kind,
        ["apiVersion"] = MetricsApi.GroupVersion,
        ["metadata"] = new JsonObject(),
        ["items"] = new JsonArray(items.Select(i => (JsonNode?)i).ToArray()),
    });

    private async Task Write(JsonObject doc) =>
        await ObjectWriter.WriteObjectAsync(Response, System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString(StatusWriter.Json)), 200).ConfigureAwait(false);
}
