using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// pkg/controller/nodelifecycle/node_lifecycle_controller.go tryUpdateNodeHealth: a node whose kubelet has not
/// renewed its Lease nor posted a Ready heartbeat within the grace period gets every monitored condition
/// set to Unknown. NetworkUnavailable is not touched.
/// </summary>
public static class NodeHealth
{
    public const string UnknownReason = "NodeStatusUnknown";
    public const string UnknownMessage = "Kubelet stopped posting node status.";
    public const string NeverUpdatedReason = "NodeStatusNeverUpdated";
    public const string NeverUpdatedMessage = "Kubelet never posted node status.";

    private static readonly string[] Monitored = ["Ready", "MemoryPressure", "DiskPressure", "PIDPressure"];

    public static string? ReadyStatus(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;

    /// <summary>
    /// The newest proof of life: Lease renewTime, the Ready condition's lastHeartbeatTime, or when this controller
    /// first saw the node (upstream "Assuming now as a timestamp", which doubles as the startup grace).
    /// </summary>
    public static DateTimeOffset LastProbe(V1Node node, V1Lease? lease, DateTimeOffset firstObserved)
    {
        var probe = firstObserved;
        if (KubeTime.Of(lease?.Spec?.RenewTime) is { } renewed && renewed > probe)
        {
            probe = renewed;
        }
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        if (KubeTime.Of(ready?.LastHeartbeatTime) is { } beat && beat > probe)
        {
            probe = beat;
        }
        return probe;
    }

    public static bool IsStale(DateTimeOffset probe, DateTimeOffset now, TimeSpan gracePeriod) => now > probe + gracePeriod;

    /// <summary>True when <see cref="MarkUnknown"/> would change something.</summary>
    public static bool NeedsUnknown(V1Node node) =>
        Monitored.Any(t => node.Status?.Conditions?.FirstOrDefault(c => c.Type == t)?.Status != "Unknown");

    public static void MarkUnknown(V1Node node, DateTimeOffset now)
    {
        var stamp = KubeTime.Time(now);
        var status = node.Status ??= new V1NodeStatus();
        var conditions = status.Conditions ?? [];
        status.Conditions = conditions;
        foreach (var type in Monitored)
        {
            var c = conditions.FirstOrDefault(x => x.Type == type);
            if (c is null)
            {
                conditions.Add(new V1NodeCondition
                {
                    Type = type,
                    Status = "Unknown",
                    Reason = NeverUpdatedReason,
                    Message = NeverUpdatedMessage,
                    LastHeartbeatTime = node.Metadata.CreationTimestamp,
                    LastTransitionTime = stamp,
                });
            }
            else if (c.Status != "Unknown")
            {
                c.Status = "Unknown";
                c.Reason = UnknownReason;
                c.Message = UnknownMessage;
                c.LastTransitionTime = stamp;
            }
        }
    }
}
