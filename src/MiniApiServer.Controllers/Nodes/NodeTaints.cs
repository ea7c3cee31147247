using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// The taints the node lifecycle controller owns (node_lifecycle_controller.go doNoScheduleTaintingPass and
/// doNoExecuteTaintingPass / processTaintBaseEviction). Owned taints are reconciled exactly; all others are kept.
/// </summary>
public static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";
    public const string OutOfService = "node.kubernetes.io/out-of-service";
    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    private static readonly (string Key, string Effect)[] Owned =
    [
        (NotReady, NoSchedule), (Unreachable, NoSchedule), (MemoryPressure, NoSchedule), (DiskPressure, NoSchedule),
        (PidPressure, NoSchedule), (NetworkUnavailable, NoSchedule), (Unschedulable, NoSchedule),
        (NotReady, NoExecute), (Unreachable, NoExecute),
    ];

    /// <summary>
    /// The node's taint list as the controller wants it, or null when it already is. With
    /// <paramref name="allZonesDisrupted"/> (no Ready node anywhere) NoExecute taints are withheld, as upstream's
    /// master disruption mode stops evictions.
    /// </summary>
    public static List<V1Taint>? Reconcile(V1Node node, DateTimeOffset now, bool allZonesDisrupted)
    {
        var wanted = Wanted(node, allZonesDisrupted);
        var current = node.Spec?.Taints ?? [];
        var result = current.Where(t => !IsOwned(t) || wanted.Contains((t.Key, t.Effect))).ToList();
        foreach (var (key, effect) in wanted)
        {
            if (!result.Any(t => t.Key == key && t.Effect == effect))
            {
                // Only NoExecute taints carry timeAdded (UnreachableTaintTemplate / NotReadyTaintTemplate copies).
                result.Add(new V1Taint { Key = key, Effect = effect, TimeAdded = effect == NoExecute ? KubeTime.Time(now) : null });
            }
        }
        return result.Count == current.Count && result.All(current.Contains) ? null : result;
    }

    private static HashSet<(string, string)> Wanted(V1Node node, bool allZonesDisrupted)
    {
        var wanted = new HashSet<(string, string)>();
        string? Status(string type) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;
        switch (Status("Ready"))
        {
            case "False":
                wanted.Add((NotReady, NoSchedule));
                if (!allZonesDisrupted)
                {
                    wanted.Add((NotReady, NoExecute));
                }
                break;
            case "Unknown":
                wanted.Add((Unreachable, NoSchedule));
                if (!allZonesDisrupted)
                {
                    wanted.Add((Unreachable, NoExecute));
                }
                break;
            case null when node.Spec?.Taints?.Any(t => t.Key == NotReady && t.Effect == NoSchedule) == true:
                // A node that never reported Ready keeps the taint NodeTaint admission gave it at creation. Upstream's
                // kubelet registers with Ready=False, so its pass never meets a node without the condition.
                wanted.Add((NotReady, NoSchedule));
                break;
        }
        foreach (var (type, key) in new[] { ("MemoryPressure", MemoryPressure), ("DiskPressure", DiskPressure), ("PIDPressure", PidPressure), ("NetworkUnavailable", NetworkUnavailable) })
        {
            if (Status(type) == "True")
            {
                wanted.Add((key, NoSchedule));
            }
        }
        if (node.Spec?.Unschedulable == true)
        {
            wanted.Add((Unschedulable, NoSchedule));
        }
        return wanted;
    }

    private static bool IsOwned(V1Taint t) => Owned.Contains((t.Key, t.Effect));
}
