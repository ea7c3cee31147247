using k8s.Models;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>Helpers over daemon pods from pkg/controller/daemon/util/daemonset_util.go and pkg/api/v1/pod/util.go.</summary>
public static class DaemonPods
{
    public const string RevisionHashLabel = "controller-revision-hash";
    public const string TemplateGenerationLabel = "pod-template-generation";

    /// <summary>GetTargetNodeName: spec.nodeName, else the single metadata.name matchFields value (unbound daemon pods).</summary>
    public static string? TargetNodeName(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }
        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is not { Count: 1 })
        {
            return null;
        }
        var fields = terms[0].MatchFields;
        if (fields is not { Count: 1 } || fields[0].Key != "metadata.name" || fields[0].OperatorProperty != "In" || fields[0].Values is not { Count: 1 })
        {
            return null;
        }
        return fields[0].Values[0];
    }

    public static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Failed" or "Succeeded";

    public static bool IsDeleting(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    public static V1PodCondition? ReadyCondition(V1Pod pod) => pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");

    public static bool IsReady(V1Pod pod) => ReadyCondition(pod)?.Status == "True";

    /// <summary>IsPodAvailable: Ready, and Ready for longer than minReadySeconds.</summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var ready = ReadyCondition(pod);
        if (ready?.Status != "True")
        {
            return false;
        }
        if (minReadySeconds == 0)
        {
            return true;
        }
        return ready.LastTransitionTime is { } t && new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)).AddSeconds(minReadySeconds) < now;
    }

    /// <summary>IsPodUpdated: the pod carries the current revision hash or the current template generation.</summary>
    public static bool IsUpdated(V1Pod pod, string hash, long templateGeneration)
    {
        var labels = pod.Metadata.Labels;
        if (labels is null)
        {
            return false;
        }
        return (labels.TryGetValue(RevisionHashLabel, out var h) && h == hash)
            || (labels.TryGetValue(TemplateGenerationLabel, out var g) && g == templateGeneration.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>podByCreationTimestampAndPhase: bound pods first, then older, then by name.</summary>
    public static int CompareByCreationAndPhase(V1Pod a, V1Pod b)
    {
        var aBound = !string.IsNullOrEmpty(a.Spec?.NodeName);
        var bBound = !string.IsNullOrEmpty(b.Spec?.NodeName);
        if (aBound != bBound)
        {
            return aBound ? -1 : 1;
        }
        var c = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return c != 0 ? c : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }

    public static string? Label(V1ObjectMeta meta, string key) =>
        meta.Labels is { } labels && labels.TryGetValue(key, out var v) ? v : null;

    public static V1OwnerReference? ControllerRef(V1ObjectMeta meta) => meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
}
