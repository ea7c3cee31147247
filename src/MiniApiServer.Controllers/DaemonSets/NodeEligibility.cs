using k8s.Models;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// NodeShouldRunDaemonPod (pkg/controller/daemon/daemon_controller.go): node name, nodeSelector and
/// required node affinity decide both answers; untolerated NoSchedule taints only stop new pods, while
/// untolerated NoExecute taints also evict running ones. Resources and host ports are the scheduler's job.
/// </summary>
public static class NodeEligibility
{
    public static (bool ShouldRun, bool ShouldContinueRunning) Evaluate(V1Node node, V1DaemonSet ds)
    {
        var podSpec = ds.Spec.Template.Spec;
        if (!string.IsNullOrEmpty(podSpec.NodeName) && podSpec.NodeName != node.Metadata.Name)
        {
            return (false, false);
        }
        if (!MatchesNodeSelector(node, podSpec) || !MatchesRequiredAffinity(node, podSpec))
        {
            return (false, false);
        }
        var tolerations = DaemonPodTemplate.WithDaemonTolerations(podSpec.Tolerations, podSpec.HostNetwork == true);
        var untoleratedNoSchedule = false;
        var untoleratedNoExecute = false;
        foreach (var taint in node.Spec?.Taints ?? [])
        {
            if (taint.Effect is not ("NoSchedule" or "NoExecute") || Taints.Tolerated(taint, tolerations))
            {
                continue;
            }
            untoleratedNoSchedule = true;
            untoleratedNoExecute |= taint.Effect == "NoExecute";
        }
        return untoleratedNoSchedule ? (false, !untoleratedNoExecute) : (true, true);
    }

    public static bool MatchesNodeSelector(V1Node node, V1PodSpec spec)
    {
        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        return (spec.NodeSelector ?? new Dictionary<string, string>()).All(kv => labels.TryGetValue(kv.Key, out var v) && v == kv.Value);
    }

    /// <summary>Terms are ORed; inside a term expressions and fields are ANDed. An unparsable term matches nothing.</summary>
    public static bool MatchesRequiredAffinity(V1Node node, V1PodSpec spec)
    {
        var terms = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null)
        {
            return true;
        }
        return terms.Any(t => TermMatches(node, t));
    }

    private static bool TermMatches(V1Node node, V1NodeSelectorTerm term)
    {
        if ((term.MatchExpressions?.Count ?? 0) == 0 && (term.MatchFields?.Count ?? 0) == 0)
        {
            return false;
        }
        var labels = (IReadOnlyDictionary<string, string>)(node.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly();
        var fields = new Dictionary<string, string> { ["metadata.name"] = node.Metadata.Name };
        return (term.MatchExpressions ?? []).All(e => RequirementMatches(e, labels))
            && (term.MatchFields ?? []).All(e => e.Key == "metadata.name" && RequirementMatches(e, fields));
    }

    private static bool RequirementMatches(V1NodeSelectorRequirement r, IReadOnlyDictionary<string, string> values)
    {
        var has = values.TryGetValue(r.Key, out var v);
        var list = r.Values ?? [];
        return r.OperatorProperty switch
        {
            "In" => has && list.Contains(v!),
            "NotIn" => !has || !list.Contains(v!),
            "Exists" => has,
            "DoesNotExist" => !has,
            "Gt" => has && long.TryParse(v, out var a) && list.Count == 1 && long.TryParse(list[0], out var b) && a > b,
            "Lt" => has && long.TryParse(v, out var c) && list.Count == 1 && long.TryParse(list[0], out var d) && c < d,
            _ => false,
        };
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
