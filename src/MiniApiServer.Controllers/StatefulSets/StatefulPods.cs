using System.Globalization;
using System.Text.RegularExpressions;
using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// A StatefulSet's pods and their identity (pkg/controller/statefulset/stateful_set_utils.go): the name
/// &lt;set&gt;-&lt;ordinal&gt;, the pod-name and pod-index labels, hostname and subdomain, the claim volumes, and the
/// revision label.
/// </summary>
public static partial class StatefulPods
{
    public const string PodNameLabel = "statefulset.kubernetes.io/pod-name";
    public const string PodIndexLabel = "apps.kubernetes.io/pod-index";

    [GeneratedRegex("^(.*)-([0-9]+)$")]
    private static partial Regex OrdinalName();

    /// <summary>getParentNameAndOrdinal: ("", -1) for a name without a numeric suffix.</summary>
    public static (string Parent, int Ordinal) ParentAndOrdinal(string name)
    {
        var m = OrdinalName().Match(name);
        if (!m.Success || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal))
        {
            return ("", -1);
        }
        return (m.Groups[1].Value, ordinal);
    }

    public static int Ordinal(V1Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Ordinal;

    /// <summary>isMemberOf: only pods named after the set are claimed; others it controls are released.</summary>
    public static bool IsMemberOf(V1StatefulSet set, V1Pod pod) => ParentAndOrdinal(pod.Metadata.Name).Parent == set.Metadata.Name;

    public static string PodName(V1StatefulSet set, int ordinal) => $"{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static int StartOrdinal(V1StatefulSet set) => set.Spec.Ordinals?.Start ?? 0;

    /// <summary>getEndOrdinal: the highest ordinal in range (start - 1 when there are no replicas).</summary>
    public static int EndOrdinal(V1StatefulSet set) => StartOrdinal(set) + (set.Spec.Replicas ?? 1) - 1;

    public static string ClaimName(V1StatefulSet set, string template, int ordinal) =>
        $"{template}-{set.Metadata.Name}-{ordinal.ToString(CultureInfo.InvariantCulture)}";

    public static string? Revision(V1Pod pod) => DaemonPods.Label(pod.Metadata, DaemonPods.RevisionHashLabel);

    /// <summary>isCreated: the API server gave it a phase (an object this sync only means to create has none).</summary>
    public static bool IsCreated(V1Pod pod) => !string.IsNullOrEmpty(pod.Status?.Phase);

    public static bool IsRunningAndReady(V1Pod pod) => pod.Status?.Phase == "Running" && DaemonPods.IsReady(pod);

    public static bool IsRunningAndAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        pod.Status?.Phase == "Running" && DaemonPods.IsAvailable(pod, minReadySeconds, now);

    /// <summary>isUnavailable: not running and available, or on its way out.</summary>
    public static bool IsUnavailable(V1Pod pod, int minReadySeconds, DateTimeOffset now) =>
        !IsRunningAndAvailable(pod, minReadySeconds, now) || DaemonPods.IsDeleting(pod);

    public static V1OwnerReference OwnerRef(V1StatefulSet set) => ControllerRefs.New(set.Metadata, "apps/v1", "StatefulSet");

    /// <summary>
    /// newStatefulSetPod: GetPodFromTemplate under the set's controller ref, then initIdentity (name, labels,
    /// hostname, subdomain) and updateStorage (one volume per claim template), labelled with <paramref name="revision"/>.
    /// </summary>
    public static V1Pod Build(V1StatefulSet set, V1PodTemplateSpec template, int ordinal, string revision)
    {
        var name = PodName(set, ordinal);
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [PodNameLabel] = name,
            [PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture),
            [DaemonPods.RevisionHashLabel] = revision,
        };
        var spec = ModelCopy.Of(template.Spec);
        spec.Hostname = name;
        spec.Subdomain = set.Spec.ServiceName;
        var claims = set.Spec.VolumeClaimTemplates ?? [];
        if (claims.Count > 0)
        {
            var claimNames = claims.Select(c => c.Metadata?.Name).ToHashSet();
            spec.Volumes = [.. claims.Select(c => new V1Volume
            {
                Name = c.Metadata?.Name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(set, c.Metadata?.Name ?? "", ordinal) },
            }), .. (spec.Volumes ?? []).Where(v => !claimNames.Contains(v.Name))];
        }
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = set.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                Finalizers = template.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [OwnerRef(set)],
            },
            Spec = spec,
        };
    }

    /// <summary>identityMatches: the name, namespace and identity labels a pod of this ordinal must have.</summary>
    public static bool IdentityMatches(V1StatefulSet set, V1Pod pod)
    {
        var (parent, ordinal) = ParentAndOrdinal(pod.Metadata.Name);
        return ordinal >= 0 && parent == set.Metadata.Name && pod.Metadata.NamespaceProperty == set.Metadata.NamespaceProperty
            && DaemonPods.Label(pod.Metadata, PodNameLabel) == pod.Metadata.Name
            && DaemonPods.Label(pod.Metadata, PodIndexLabel) == ordinal.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>updateIdentity on a copy: the labels a pod (adopted, or relabelled by hand) is missing.</summary>
    public static bool SetIdentityLabels(V1Pod pod)
    {
        var ordinal = Ordinal(pod);
        pod.Metadata.Labels ??= new Dictionary<string, string>();
        var changed = DaemonPods.Label(pod.Metadata, PodNameLabel) != pod.Metadata.Name
            || DaemonPods.Label(pod.Metadata, PodIndexLabel) != ordinal.ToString(CultureInfo.InvariantCulture);
        pod.Metadata.Labels[PodNameLabel] = pod.Metadata.Name;
        pod.Metadata.Labels[PodIndexLabel] = ordinal.ToString(CultureInfo.InvariantCulture);
        return changed;
    }
}
