using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Discovery;

namespace MiniApiServer.Http;

/// <summary>
/// /api and /apis in both forms. client-go picks aggregated discovery only from the response
/// Content-Type, so the aggregated body is sent with exactly that type, and only when asked for.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class DiscoveryController(ResourceRegistry registry, MiniApiServer.Storage.ObjectStore store) : ControllerBase
{
    /// <summary>
    /// Stored kinds, then the APIs served without storage of their own (reviews, metrics.k8s.io). The CRDs this replica
    /// has read are caught up with first, so a client that saw one Established finds its group.
    /// </summary>
    private readonly IReadOnlyList<ResourceType> _types = Current(registry);

    private static IReadOnlyList<ResourceType> Current(ResourceRegistry registry)
    {
        registry.Refresh();
        return Served(registry);
    }

    /// <summary>Every resource this process answers for itself.</summary>
    public static IReadOnlyList<ResourceType> Served(ResourceRegistry registry) =>
        [.. CreateOnlyResources.WithServed(registry.Types), .. MiniApiServer.ResourceMetrics.MetricsApi.Types];

    [HttpGet("api")]
    public Task Core() => WantsAggregated()
        ? Write(DiscoveryDocuments.AggregatedCore(_types), DiscoveryDocuments.AggregatedContentType)
        : Write(DiscoveryDocuments.ApiVersions(_types, $"{Request.Host.Host}:{Request.Host.Port}"));

    [HttpGet("apis")]
    public Task Groups() => WantsAggregated()
        ? Write(DiscoveryDocuments.AggregatedGroups(_types, Aggregated()), DiscoveryDocuments.AggregatedContentType)
        : Write(DiscoveryDocuments.ApiGroupList(_types, Aggregated()));

    [HttpGet("api/v1")]
    public Task CoreV1() => Write(DiscoveryDocuments.ApiResourceList(_types, "", "v1"));

    [HttpGet("apis/{group}/{version}")]
    public Task GroupVersion(string group, string version)
    {
        if (!_types.Any(t => t.Group == group && t.Version == version))
        {
            throw ApiErrors.PathNotFound();
        }
        return Write(DiscoveryDocuments.ApiResourceList(_types, group, version));
    }

    [HttpGet("apis/{group}")]
    public Task Group(string group)
    {
        var list = DiscoveryDocuments.ApiGroupList(_types, Aggregated());
        var match = list["groups"]!.AsArray().FirstOrDefault(g => g!["name"]!.GetValue<string>() == group)
            ?? throw ApiErrors.PathNotFound();
        var doc = match.DeepClone().AsObject();
        doc["kind"] = "APIGroup";
        doc["apiVersion"] = "v1";
        return Write(doc);
    }

    private IReadOnlyList<(string Group, string Version)> Aggregated() => AggregatedAPIServices.All(store, registry, _types);

    private bool WantsAggregated() => Request.Headers.Accept.ToString().Contains("as=APIGroupDiscoveryList", StringComparison.Ordinal);

    private async Task Write(JsonObject doc, string contentType = "application/json")
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(doc.ToJsonString(StatusWriter.Json));
        await ObjectWriter.WriteObjectAsync(Response, bytes, 200, contentType: contentType).ConfigureAwait(false);
    }
}
