using k8s.Models;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>Which nodes the simulated kubelet owns, and the switch that simulates a dead kubelet.</summary>
public static class KwokNode
{
    /// <summary>KWOK's marker (kwok.x-k8s.io/node: fake): nodes created by KWOK manifests are managed too.</summary>
    public const string ManagedAnnotation = "kwok.x-k8s.io/node";
    public const string ManagedValue = "fake";

    /// <summary>
    /// Failure switch: <c>miniapiserver.dev/heartbeat: paused</c> on a node stops its Lease renewals and status
    /// updates and leaves its pods alone, as if the kubelet died; removing the annotation resumes them.
    /// </summary>
    public const string HeartbeatAnnotation = "miniapiserver.dev/heartbeat";
    public const string PausedValue = "paused";

    public static bool IsManaged(V1Node node) =>
        node.Metadata.Annotations?.TryGetValue(ManagedAnnotation, out var v) == true && v == ManagedValue;

    public static bool IsPaused(V1Node node) =>
        node.Metadata.Annotations?.TryGetValue(HeartbeatAnnotation, out var v) == true && v == PausedValue;

    /// <summary>Managed and alive: the simulated kubelet acts for this node.</summary>
    public static bool IsLive(V1Node? node) => node is not null && IsManaged(node) && !IsPaused(node);

    public static string? InternalIp(V1Node node) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address;
}
