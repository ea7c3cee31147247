using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Controllers.Volumes;

namespace MiniApiServer.Controllers.Scheduling.Plugins;

/// <summary>
/// pkg/scheduler/framework/plugins/volumebinding (1.32) for one pod, built by <see cref="PreFilter"/> from the claims
/// as the informers hold them: Filter keeps the nodes a bound claim's volume is pinned to and, for a claim waiting
/// for its first consumer, the nodes with a matching volume or where its class can provision one. What is to be
/// written once a node is chosen (a volume's claimRef, a claim's selected-node) is <see cref="Plan"/>.
/// </summary>
public sealed class VolumeBindingPlugin : IFilterPlugin
{
    public const string BindConflict = "node(s) didn't find available persistent volumes to bind";
    public const string NodeConflict = "node(s) had volume node affinity conflict";
    public const string PvNotExist = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    public const string UnboundImmediate = "pod has unbound immediate PersistentVolumeClaims";

    private readonly List<(V1PersistentVolumeClaim Claim, V1PersistentVolume? Volume)> _bound;
    private readonly List<V1PersistentVolumeClaim> _delayed;
    private readonly IReadOnlyList<V1PersistentVolume> _volumes;
    private readonly Func<string, V1StorageClass?> _class;

    private VolumeBindingPlugin(List<(V1PersistentVolumeClaim, V1PersistentVolume?)> bound, List<V1PersistentVolumeClaim> delayed,
        IReadOnlyList<V1PersistentVolume> volumes, Func<string, V1StorageClass?> storageClass)
    {
        _bound = bound;
        _delayed = delayed;
        _volumes = volumes;
        _class = storageClass;
    }

    public string Name => "VolumeBinding";

    public static bool HasClaims(V1Pod pod) => PodClaims.Any(pod);

    /// <summary>
    /// PreFilter through podHasPVCs and GetPodVolumeClaims: a missing, lost or deleting claim, or one that is unbound
    /// and binds immediately, rejects the pod on every node (the message); otherwise the plugin for its nodes.
    /// </summary>
    public static (string? Rejection, VolumeBindingPlugin? Plugin) PreFilter(V1Pod pod, Func<string, string, V1PersistentVolumeClaim?> claims,
        Func<string, V1PersistentVolume?> volume, Func<IReadOnlyList<V1PersistentVolume>> volumes, Func<string, V1StorageClass?> storageClass)
    {
        var ns = pod.Metadata.NamespaceProperty ?? "";
        var bound = new List<(V1PersistentVolumeClaim, V1PersistentVolume?)>();
        var delayed = new List<V1PersistentVolumeClaim>();
        var immediate = false;
        foreach (var name in PodClaims.Names(pod))
        {
            if (claims(ns, name) is not { } claim)
            {
                return ($"persistentvolumeclaim \"{name}\" not found", null);
            }
            if (claim.Status?.Phase == "Lost")
            {
                return ($"persistentvolumeclaim \"{name}\" bound to non-existent persistentvolume \"{claim.Spec?.VolumeName}\"", null);
            }
            if (claim.Metadata.DeletionTimestamp is not null)
            {
                return ($"persistentvolumeclaim \"{name}\" is being deleted", null);
            }
            if (VolumeMatching.IsFullyBound(claim))
            {
                bound.Add((claim, volume(claim.Spec!.VolumeName)));
            }
            else if (!string.IsNullOrEmpty(claim.Spec?.VolumeName) || !VolumeMatching.IsDelayBinding(claim, storageClass))
            {
                immediate = true;
            }
            else
            {
                delayed.Add(claim);
            }
        }
        return immediate ? (UnboundImmediate, null) : (null, new VolumeBindingPlugin(bound, delayed, delayed.Count > 0 ? volumes() : [], storageClass));
    }

    public FilterStatus Filter(V1Pod pod, NodeInfo node)
    {
        var reasons = new List<string>(2);
        foreach (var (_, volume) in _bound)
        {
            if (volume is null)
            {
                reasons.Add(PvNotExist);
                break;
            }
            if (!VolumeMatching.NodeAffinityMatches(volume, node.Node))
            {
                reasons.Add(NodeConflict);
                break;
            }
        }
        if (_delayed.Count > 0 && Plan(node.Node) is null)
        {
            reasons.Add(BindConflict);
        }
        return reasons.Count == 0 ? FilterStatus.Success : new FilterStatus(FilterCode.UnschedulableAndUnresolvable, reasons);
    }

    /// <summary>
    /// FindPodVolumes for the delayed claims on <paramref name="node"/>: a claim already given to another node fails;
    /// one given to this node, or without a matching volume, is provisioned if its class can be on this node;
    /// the rest take the smallest matching volume (claims by increasing request, each volume once). Null when a claim fits nowhere here.
    /// </summary>
    public VolumeBindingPlan? Plan(V1Node node)
    {
        var staticBindings = new List<(V1PersistentVolumeClaim, V1PersistentVolume)>();
        var provisions = new List<V1PersistentVolumeClaim>();
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var claim in _delayed.OrderBy(VolumeMatching.Request))
        {
            var selected = VolumeAnnotations.Get(claim.Metadata.Annotations, VolumeAnnotations.SelectedNode);
            if (selected is not null && selected != node.Metadata.Name)
            {
                return null;
            }
            var match = selected is null
                ? VolumeMatching.FindBest(claim, _volumes.Where(v => !chosen.Contains(v.Metadata.Name)), node, delayBinding: true)
                : null;
            if (match is not null)
            {
                chosen.Add(match.Metadata.Name);
                staticBindings.Add((claim, match));
            }
            else if (CanProvision(claim, node))
            {
                provisions.Add(claim);
            }
            else
            {
                return null;
            }
        }
        return new VolumeBindingPlan(staticBindings, provisions);
    }

    public bool WaitsForBinding => _delayed.Count > 0;

    /// <summary>checkBindings' success: every claim of the pod has its volume and bind-completed.</summary>
    public static bool ClaimsBound(V1Pod pod, Func<string, string, V1PersistentVolumeClaim?> claims) =>
        PodClaims.Names(pod)
            .All(name => claims(pod.Metadata.NamespaceProperty ?? "", name) is { } claim && VolumeMatching.IsFullyBound(claim));

    /// <summary>checkVolumeProvisions: a class with a real provisioner whose allowed topologies include the node.</summary>
    private bool CanProvision(V1PersistentVolumeClaim claim, V1Node node)
    {
        if (_class(StorageClasses.ClaimClass(claim)) is not { } storageClass
            || storageClass.Provisioner is null or "" or "kubernetes.io/no-provisioner")
        {
            return false;
        }
        var topologies = storageClass.AllowedTopologies;
        // MatchTopologySelectorTerms: no terms match every node, an empty term matches none.
        return topologies is not { Count: > 0 } || topologies.Any(term => term.MatchLabelExpressions is { Count: > 0 } && term.MatchLabelExpressions.All(e =>
            node.Metadata.Labels?.TryGetValue(e.Key, out var value) == true && e.Values.Contains(value)));
    }
}
