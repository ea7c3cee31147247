using k8s.Models;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Controllers.Scheduling.Plugins;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// NodeShouldRunDaemonPod (pkg/controller/daemon/daemon_controller.go): node name, nodeSelector and
/// required node affinity decide both answers; untolerated NoSchedule taints only stop new pods, while
/// untolerated NoExecute taints also evict running ones. Resources and host ports are the scheduler's job.
/// </summary>
public static class NodeEligibility
{
    public static (bool ShouldRun, bool ShouldContinueRunning) Evaluate(V1Node node, V1DaemonSet ds) => For(ds)(node);

    /// <summary>
    /// The same decision for every node of one sync: a sync evaluates each node, two or three times, so the daemon
    /// tolerations are built once, on the first node with a NoSchedule or NoExecute taint, and shared after that.
    /// </summary>
    public static Func<V1Node, (bool ShouldRun, bool ShouldContinueRunning)> For(V1DaemonSet ds)
    {
        var podSpec = ds.Spec.Template.Spec;
        List<V1Toleration>? tolerations = null;
        return node =>
        {
            if (!string.IsNullOrEmpty(podSpec.NodeName) && podSpec.NodeName != node.Metadata.Name)
            {
                return (false, false);
            }
            if (!MatchesNodeSelector(node, podSpec) || !MatchesRequiredAffinity(node, podSpec))
            {
                return (false, false);
            }
            var untoleratedNoSchedule = false;
            var untoleratedNoExecute = false;
            foreach (var taint in node.Spec?.Taints ?? [])
            {
                if (taint.Effect is not ("NoSchedule" or "NoExecute"))
                {
                    continue;
                }
                tolerations ??= DaemonPodTemplate.WithDaemonTolerations(podSpec.Tolerations, podSpec.HostNetwork == true);
                if (Tolerations.Tolerate(tolerations, taint))
                {
                    continue;
                }
                untoleratedNoSchedule = true;
                untoleratedNoExecute |= taint.Effect == "NoExecute";
            }
            return untoleratedNoSchedule ? (false, !untoleratedNoExecute) : (true, true);
        };
    }

    public static bool MatchesNodeSelector(V1Node node, V1PodSpec spec)
    {
        if (spec.NodeSelector is not { Count: > 0 } selector)
        {
            return true;
        }
        var labels = node.Metadata.Labels;
        return labels is not null && selector.All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>The same matcher the scheduler uses: terms ORed, requirements inside a term ANDed.</summary>
    public static bool MatchesRequiredAffinity(V1Node node, V1PodSpec spec)
    {
        var terms = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        return terms is null || terms.Any(t => NodeSelectorMatcher.TermMatches(t, node));
    }

    public static LabelSelector Selector(V1DaemonSet ds)
    {
        try
        {
            return LabelSelector.FromModel(ds.Spec.Selector);
        }
        catch (FormatException)
        {
            return LabelSelector.Nothing;
        }
    }
}
