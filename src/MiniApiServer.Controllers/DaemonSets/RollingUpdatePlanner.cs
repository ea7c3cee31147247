using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// rollingUpdate() from pkg/controller/daemon/update.go. Without surge it deletes old pods within the
/// maxUnavailable budget (manage() recreates them next sync); with surge it starts new pods beside old
/// ones within maxSurge and deletes an old pod once its replacement is available.
/// </summary>
public static class RollingUpdatePlanner
{
    public static RollingUpdatePlan Plan(
        V1DaemonSet ds,
        IReadOnlyList<V1Node> nodes,
        IReadOnlyDictionary<string, List<V1Pod>> podsByNode,
        string hash,
        DateTimeOffset now)
    {
        var shouldRunNodes = new Dictionary<string, bool>();
        var eligibility = NodeEligibility.For(ds);
        foreach (var n in nodes)
        {
            shouldRunNodes[n.Metadata.Name] = eligibility(n).ShouldRun;
        }
        // updatedDesiredNodeCounts: every node that should run a pod counts, even with no pod yet.
        var desired = shouldRunNodes.Count(kv => kv.Value);
        var nodeToPods = new Dictionary<string, List<V1Pod>>();
        foreach (var (node, pods) in podsByNode)
        {
            if (shouldRunNodes.ContainsKey(node))
            {
                nodeToPods[node] = pods;
            }
        }
        foreach (var (node, run) in shouldRunNodes)
        {
            if (run && !nodeToPods.ContainsKey(node))
            {
                nodeToPods[node] = [];
            }
        }
        var maxSurge = DaemonSetPlanner.MaxSurge(ds, desired);
        var maxUnavailable = DaemonSetPlanner.MaxUnavailable(ds, desired);
        if (desired > 0 && maxSurge == 0 && maxUnavailable == 0)
        {
            maxUnavailable = 1;
        }
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        var generation = DaemonSetStrategy.TemplateGeneration(ds);
        return maxSurge == 0
            ? DeleteFirst(nodeToPods, hash, generation, minReady, maxUnavailable, now)
            : SurgeFirst(nodeToPods, shouldRunNodes, hash, generation, minReady, maxSurge, desired, now);
    }

    private static RollingUpdatePlan DeleteFirst(Dictionary<string, List<V1Pod>> nodeToPods, string hash, long generation, int minReady, int maxUnavailable, DateTimeOffset now)
    {
        var numUnavailable = 0;
        var allowed = new List<V1Pod>();
        var candidates = new List<V1Pod>();
        foreach (var (_, pods) in nodeToPods.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var (ok, newPod, oldPod) = FindUpdatedPodsOnNode(pods, hash, generation);
            if (!ok || (newPod is null && oldPod is null) || (newPod is not null && oldPod is not null))
            {
                numUnavailable++;
                continue;
            }
            if (newPod is not null)
            {
                if (!DaemonPods.IsAvailable(newPod, minReady, now))
                {
                    numUnavailable++;
                }
                continue;
            }
            if (!DaemonPods.IsAvailable(oldPod!, minReady, now))
            {
                allowed.Add(oldPod!);
                numUnavailable++;
            }
            else if (numUnavailable < maxUnavailable)
            {
                candidates.Add(oldPod!);
            }
        }
        var budget = Math.Max(0, maxUnavailable - numUnavailable);
        return new RollingUpdatePlan([], [.. allowed, .. candidates.Take(budget)]);
    }

    private static RollingUpdatePlan SurgeFirst(Dictionary<string, List<V1Pod>> nodeToPods, Dictionary<string, bool> shouldRun, string hash, long generation, int minReady, int maxSurge, int desired, DateTimeOffset now)
    {
        var numSurge = 0;
        var numAvailable = 0;
        var allowedNew = new List<string>();
        var candidateNew = new List<string>();
        var oldToDelete = new List<V1Pod>();
        var shouldNotRunToDelete = new List<V1Pod>();
        foreach (var (node, pods) in nodeToPods.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var (ok, newPod, oldPod) = FindUpdatedPodsOnNode(pods, hash, generation);
            if (!ok)
            {
                numSurge++;
                continue;
            }
            var counted = oldPod ?? newPod;
            if (counted is not null && DaemonPods.IsAvailable(counted, minReady, now))
            {
                numAvailable++;
            }
            var run = shouldRun.TryGetValue(node, out var r) && r;
            if (oldPod is not null && newPod is null)
            {
                if (!DaemonPods.IsAvailable(oldPod, minReady, now))
                {
                    if (!run)
                    {
                        oldToDelete.Add(oldPod);
                    }
                    else
                    {
                        allowedNew.Add(node);
                    }
                }
                else if (!run)
                {
                    shouldNotRunToDelete.Add(oldPod);
                }
                else if (numSurge < maxSurge)
                {
                    // Not counted as a surge yet: nodes later in the loop may still report surges in
                    // flight, so the candidates are trimmed to what is left once every node is counted.
                    candidateNew.Add(node);
                }
            }
            else if (oldPod is not null && newPod is not null)
            {
                if (!DaemonPods.IsAvailable(newPod, minReady, now))
                {
                    numSurge++;
                }
                else
                {
                    oldToDelete.Add(oldPod);
                }
            }
        }
        // Pods on nodes that no longer qualify go only while availability stays above desired.
        foreach (var pod in shouldNotRunToDelete)
        {
            if (numAvailable - desired > 0)
            {
                oldToDelete.Add(pod);
                numAvailable--;
            }
        }
        // pkg/controller/daemon/update.go rollingUpdate: allowedNewNodes + candidateNewNodes[:remainingSurge],
        // remainingSurge = maxSurge - numSurge clamped to [0, len(candidateNewNodes)].
        var remainingSurge = Math.Clamp(maxSurge - numSurge, 0, candidateNew.Count);
        return new RollingUpdatePlan([.. allowedNew, .. candidateNew.Take(remainingSurge)], oldToDelete);
    }

    /// <summary>findUpdatedPodsOnNode: at most one new and one old non-deleted pod, else not ok.</summary>
    private static (bool Ok, V1Pod? New, V1Pod? Old) FindUpdatedPodsOnNode(List<V1Pod> pods, string hash, long generation)
    {
        V1Pod? newPod = null, oldPod = null;
        foreach (var pod in pods)
        {
            if (DaemonPods.IsDeleting(pod))
            {
                continue;
            }
            if (DaemonPods.IsUpdated(pod, hash, generation))
            {
                if (newPod is not null) return (false, null, null);
                newPod = pod;
            }
            else
            {
                if (oldPod is not null) return (false, null, null);
                oldPod = pod;
            }
        }
        return (true, newPod, oldPod);
    }
}
