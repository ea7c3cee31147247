using k8s.Models;
using Mediator;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Features;

namespace MiniApiServer.Logs;

/// <summary>The pod a log, exec, attach or port-forward request names, read through the same query as a GET.</summary>
public static class PodReads
{
    /// <summary>The pod, or null once it is gone (a follower's stream ends then).</summary>
    public static async Task<V1Pod?> FindPodAsync(this ISender sender, ResourceRegistry registry, string ns, string name, CancellationToken cancellationToken)
    {
        var stored = await sender.Send(new GetObjectQuery(registry.Pods, ns, name), cancellationToken).ConfigureAwait(false);
        return stored is null ? null : ModelCodec.Decode<V1Pod>(stored.Json);
    }
}
