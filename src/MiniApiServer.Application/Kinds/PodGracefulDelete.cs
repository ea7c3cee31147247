using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pkg/registry/core/pod/strategy.go CheckGracefulDelete: an unscheduled or terminal pod goes at once;
/// otherwise the request's grace period, else the pod's terminationGracePeriodSeconds.
/// </summary>
public sealed class PodGracefulDelete : IGracefulDeleteStrategy
{
    public long GracePeriodSeconds(JsonObject obj, DeleteOptions options)
    {
        var spec = obj["spec"] as JsonObject;
        var phase = obj["status"]?["phase"]?.GetValue<string>();
        if (string.IsNullOrEmpty(ObjectMeta.Str(spec, "nodeName")) || phase is "Failed" or "Succeeded")
        {
            return 0;
        }
        var grace = options.GracePeriodSeconds ?? spec?["terminationGracePeriodSeconds"]?.GetValue<long>() ?? 30;
        return Math.Max(0, grace);
    }
}
