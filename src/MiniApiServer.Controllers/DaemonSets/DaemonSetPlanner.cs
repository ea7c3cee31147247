using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// The decisions of manage() / podsShouldBeOnNode() (pkg/controller/daemon/daemon_controller.go), as a
/// pure function of the DaemonSet, the nodes and the daemon pods grouped by target node.
/// </summary>
public static class DaemonSetPlanner
{
    public static ManagePlan Manage(
        V1DaemonSet ds,
        IReadOnlyList<V1Node> nodes,
        IReadOnlyDictionary<string, List<V1Pod>> podsByNode,
        string hash,
        DateTimeOffset now,
        Func<string, TimeSpan?> backoffRemaining)
    {
        var plan = new ManagePlan();
        var surge = MaxSurge(ds, nodes.Count) > 0;
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        var nodeNames = new HashSet<string>();
        var eligibility = NodeEligibility.For(ds);
        foreach (var node in nodes)
        {
            nodeNames.Add(node.Metadata.Name);
            var (shouldRun, shouldContinue) = eligibility(node);
            var pods = podsByNode.TryGetValue(node.Metadata.Name, out var p) ? p : [];
            if (shouldRun && pods.Count == 0)
            {
                plan.NodesNeedingPods.Add(node.Metadata.Name);
                continue;
            }
            if (!shouldContinue)
            {
                plan.PodsToDelete.AddRange(pods.Where(x => !DaemonPods.IsDeleting(x)));
                continue;
            }
            var running = new List<V1Pod>();
            foreach (var pod in pods)
            {
                if (DaemonPods.IsDeleting(pod))
                {
                    continue;
                }
                if (pod.Status?.Phase == "Failed")
                {
                    var key = $"{ds.Metadata.Uid}/{ds.Status?.ObservedGeneration ?? 0}/{node.Metadata.Name}";
                    if (backoffRemaining(key) is { } wait)
                    {
                        plan.RequeueAfter = Min(plan.RequeueAfter, wait);
                        continue;
                    }
                    plan.FailedPods.Add((pod, node.Metadata.Name));
                    plan.PodsToDelete.Add(pod);
                    continue;
                }
                if (pod.Status?.Phase == "Succeeded")
                {
                    plan.SucceededPods.Add((pod, node.Metadata.Name));
                    plan.PodsToDelete.Add(pod);
                    continue;
                }
                running.Add(pod);
            }
            if (!surge)
            {
                if (running.Count > 1)
                {
                    running.Sort(DaemonPods.CompareByCreationAndPhase);
                    plan.PodsToDelete.AddRange(running.Skip(1));
                }
                // With zero running pods (the only one is terminating) nothing is created until it is gone.
                continue;
            }
            if (running.Count == 0 && shouldRun)
            {
                plan.NodesNeedingPods.Add(node.Metadata.Name);
            }
            else if (running.Count > 1)
            {
                running.Sort(DaemonPods.CompareByCreationAndPhase);
                var templateGeneration = DaemonSetStrategy.TemplateGeneration(ds);
                V1Pod? oldestNew = null, oldestOld = null;
                foreach (var pod in running)
                {
                    if (DaemonPods.IsUpdated(pod, hash, templateGeneration))
                    {
                        if (oldestNew is null) { oldestNew = pod; continue; }
                    }
                    else if (oldestOld is null)
                    {
                        oldestOld = pod;
                        continue;
                    }
                    plan.PodsToDelete.Add(pod);
                }
                if (oldestNew is not null && oldestOld is not null)
                {
                    if (!DaemonPods.IsReady(oldestOld) || DaemonPods.IsAvailable(oldestNew, minReady, now))
                    {
                        plan.PodsToDelete.Add(oldestOld);
                    }
                    else if (minReady > 0 && DaemonPods.ReadyCondition(oldestNew) is { Status: "True", LastTransitionTime: { } since })
                    {
                        // Status counts only each node's oldest pod, so nothing else wakes the DaemonSet when this
                        // surge pod turns available, and the pod handler's delayed add is dropped while an earlier
                        // one waits (the delaying queue keeps the earliest). Requeue for it here, as OpenKruise's
                        // podsShouldBeOnNode does; the extra second covers the whole-second lastTransitionTime.
                        var availableAt = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)).AddSeconds(minReady + 1);
                        plan.RequeueAfter = Min(plan.RequeueAfter, availableAt > now ? availableAt - now : TimeSpan.FromSeconds(1));
                    }
                }
            }
        }
        // Unbound pods aimed at nodes that no longer exist: PodGC only handles bound pods.
        foreach (var (nodeName, pods) in podsByNode)
        {
            if (!nodeNames.Contains(nodeName))
            {
                plan.PodsToDelete.AddRange(pods.Where(x => string.IsNullOrEmpty(x.Spec?.NodeName) && !DaemonPods.IsDeleting(x)));
            }
        }
        return plan;
    }

    public static int MaxSurge(V1DaemonSet ds, int desired) =>
        ds.Spec.UpdateStrategy?.Type == "RollingUpdate" && ds.Spec.UpdateStrategy.RollingUpdate is { } ru
            ? IntOrPercent.Scaled(ru.MaxSurge, desired, roundUp: true) : 0;

    public static int MaxUnavailable(V1DaemonSet ds, int desired) =>
        ds.Spec.UpdateStrategy?.Type == "RollingUpdate" && ds.Spec.UpdateStrategy.RollingUpdate is { } ru
            ? IntOrPercent.Scaled(ru.MaxUnavailable, desired, roundUp: true) : 0;

    private static TimeSpan? Min(TimeSpan? a, TimeSpan b) => a is { } x && x < b ? x : b;
}
