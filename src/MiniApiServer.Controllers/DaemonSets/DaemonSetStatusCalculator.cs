using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>updateDaemonSetStatus: the seven counters, from the full node list and the pods per node.</summary>
public static class DaemonSetStatusCalculator
{
    public static V1DaemonSetStatus Compute(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, DateTimeOffset now)
    {
        int desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        var generation = DaemonSetStrategy.TemplateGeneration(ds);
        var eligibility = NodeEligibility.For(ds);
        foreach (var node in nodes)
        {
            var shouldRun = eligibility(node).ShouldRun;
            var pods = podsByNode.TryGetValue(node.Metadata.Name, out var p) ? p : [];
            if (shouldRun)
            {
                desired++;
                if (pods.Count == 0)
                {
                    continue;
                }
                current++;
                // The earliest by creation and phase, first in list order on a tie (what a stable sort's first is).
                var first = pods[0];
                for (var i = 1; i < pods.Count; i++)
                {
                    if (DaemonPods.CompareByCreationAndPhase(pods[i], first) < 0)
                    {
                        first = pods[i];
                    }
                }
                if (DaemonPods.IsReady(first))
                {
                    ready++;
                    if (DaemonPods.IsAvailable(first, minReady, now))
                    {
                        available++;
                    }
                }
                if (DaemonPods.IsUpdated(first, hash, generation))
                {
                    updated++;
                }
            }
            else if (pods.Count > 0)
            {
                misscheduled++;
            }
        }
        return new V1DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            UpdatedNumberScheduled = updated,
            ObservedGeneration = ds.Metadata.Generation,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }
}
