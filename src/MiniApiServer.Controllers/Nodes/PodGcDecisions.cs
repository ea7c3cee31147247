using k8s.Models;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>The selection rules of pkg/controller/podgc/gc_controller.go, one per pass.</summary>
public static class PodGcDecisions
{
    public const string NodeGoneReason = "DeletionByPodGC";
    public const string NodeGoneMessage = "PodGC: node no longer exists";

    /// <summary>gcTerminated: above the threshold, the oldest terminated pods go, evicted ones first.</summary>
    public static List<V1Pod> TerminatedToDelete(IEnumerable<V1Pod> pods, int threshold)
    {
        if (threshold <= 0)
        {
            return [];
        }
        var terminated = pods.Where(PodConditions.IsTerminal).ToList();
        var excess = terminated.Count - threshold;
        if (excess <= 0)
        {
            return [];
        }
        // byEvictionAndCreationTimestamp.
        return terminated
            .OrderBy(p => IsEvicted(p) ? 0 : 1)
            .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(p => p.Metadata.NamespaceProperty, StringComparer.Ordinal)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal)
            .Take(excess)
            .ToList();
    }

    public const string Terminal = "Terminal";
    public const string Terminating = "Terminating";

    /// <summary>The pod informer's index for these rules: a pass reads the pods each rule can select, not every pod.</summary>
    public static IEnumerable<string> States(V1Pod pod) =>
        (PodConditions.IsTerminal(pod), pod.Metadata.DeletionTimestamp is not null) switch
        {
            (true, true) => [Terminal, Terminating],
            (true, false) => [Terminal],
            (false, true) => [Terminating],
            _ => [],
        };

    /// <summary>gcOrphaned, first half: the node names pods are bound to that the node informer does not know.</summary>
    public static HashSet<string> MissingNodes(IEnumerable<string> boundNodes, Func<string, bool> nodeExists) =>
        boundNodes.Where(n => n.Length > 0 && !nodeExists(n)).ToHashSet(StringComparer.Ordinal);

    /// <summary>gcUnscheduledTerminating: a terminating pod that never reached a node has no kubelet to finish it.</summary>
    public static bool IsUnscheduledTerminating(V1Pod pod) =>
        pod.Metadata.DeletionTimestamp is not null && string.IsNullOrEmpty(pod.Spec?.NodeName);

    /// <summary>gcTerminating: terminating pods on a not-Ready node that an admin tainted out-of-service.</summary>
    public static bool IsTerminatingOnOutOfServiceNode(V1Pod pod, V1Node? node) =>
        pod.Metadata.DeletionTimestamp is not null && node is not null
        && NodeHealth.ReadyStatus(node) != "True"
        && node.Spec?.Taints?.Any(t => t.Key == NodeTaints.OutOfService) == true;

    /// <summary>markFailedAndDeletePodWithCondition: only a pod still running is moved to Failed before the delete.</summary>
    public static bool MarkFailed(V1Pod pod, DateTimeOffset now, bool nodeGone)
    {
        if (PodConditions.IsTerminal(pod))
        {
            return false;
        }
        pod.Status ??= new V1PodStatus();
        pod.Status.Phase = "Failed";
        if (nodeGone)
        {
            PodConditions.Set(pod, PodConditions.DisruptionTarget, "True", now, NodeGoneReason, NodeGoneMessage);
        }
        return true;
    }

    private static bool IsEvicted(V1Pod pod) => pod.Status?.Phase == "Failed" && pod.Status.Reason == "Evicted";
}
