using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Controllers.Scheduling.Plugins;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// The pure parts of binding a claim to a volume, shared by the PV controller and the scheduler's VolumeBinding
/// plugin: component-helpers/storage/volume/pv_helpers.go FindMatchingVolume, IsVolumeBoundToClaim and
/// CheckNodeAffinity, and pv_controller.go checkVolumeSatisfyClaim.
/// </summary>
public static class VolumeMatching
{
    /// <summary>
    /// The PV controller's findByClaim (index.go) without a node: the volumes grouped by their access modes, the groups
    /// that hold every mode the claim asks for tried from the fewest modes up, each with FindMatchingVolume; with a
    /// node (the scheduler), FindMatchingVolume over all of them, checking access modes per volume.
    /// </summary>
    public static V1PersistentVolume? FindBest(V1PersistentVolumeClaim claim, IEnumerable<V1PersistentVolume> volumes, V1Node? node, bool delayBinding)
    {
        if (node is not null)
        {
            return FindMatching(claim, volumes, node, delayBinding);
        }
        var claimModes = claim.Spec?.AccessModes ?? [];
        var groups = volumes
            .GroupBy(v => string.Join(",", (v.Spec?.AccessModes ?? []).Distinct().Order(StringComparer.Ordinal)), StringComparer.Ordinal)
            .Select(g => (Modes: g.Key.Length == 0 ? [] : g.Key.Split(','), Volumes: g))
            .Where(g => claimModes.All(m => g.Modes.Contains(m)))
            .OrderBy(g => g.Modes.Length)
            .ThenBy(g => string.Join(",", g.Modes), StringComparer.Ordinal);
        foreach (var (_, group) in groups)
        {
            if (FindMatching(claim, group, null, delayBinding) is { } match)
            {
                return match;
            }
        }
        return null;
    }

    /// <summary>
    /// FindMatchingVolume: a volume pre-bound to the claim wins at once (if big enough and, with a node, on it);
    /// otherwise the smallest Available, unclaimed volume of the claim's class, selector and volume mode (and, with a
    /// node, access modes) that holds the request. Without a node a delayed-binding claim matches only a pre-bound volume.
    /// </summary>
    private static V1PersistentVolume? FindMatching(V1PersistentVolumeClaim claim, IEnumerable<V1PersistentVolume> volumes, V1Node? node, bool delayBinding)
    {
        var request = Request(claim);
        var claimClass = StorageClasses.ClaimClass(claim);
        var claimModes = claim.Spec?.AccessModes ?? [];
        V1PersistentVolume? smallest = null;
        decimal smallestCapacity = 0;
        foreach (var volume in volumes)
        {
            if (VolumeModeMismatch(claim, volume) || volume.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            var capacity = Capacity(volume);
            var onNode = node is null || NodeAffinityMatches(volume, node);
            if (IsBoundToClaim(volume, claim))
            {
                if (capacity < request)
                {
                    continue;
                }
                return onNode ? volume : null;
            }
            if (node is null && delayBinding)
            {
                continue;
            }
            if (volume.Status?.Phase != "Available" || volume.Spec?.ClaimRef is not null
                || (claim.Spec?.Selector is { } selector && !Selects(selector, volume.Metadata.Labels))
                || StorageClasses.VolumeClass(volume) != claimClass || !onNode
                || (node is not null && !claimModes.All(m => volume.Spec?.AccessModes?.Contains(m) == true)))
            {
                continue;
            }
            if (capacity >= request && (smallest is null || capacity < smallestCapacity))
            {
                smallest = volume;
                smallestCapacity = capacity;
            }
        }
        return smallest;
    }

    /// <summary>IsVolumeBoundToClaim: the claimRef names the claim and its uid is unset or the claim's.</summary>
    public static bool IsBoundToClaim(V1PersistentVolume volume, V1PersistentVolumeClaim claim) =>
        volume.Spec?.ClaimRef is { } claimRef
        && claimRef.Name == claim.Metadata.Name && (claimRef.NamespaceProperty ?? "") == (claim.Metadata.NamespaceProperty ?? "")
        && (string.IsNullOrEmpty(claimRef.Uid) || claimRef.Uid == claim.Metadata.Uid);

    /// <summary>checkVolumeSatisfyClaim's reasons, in upstream's order and words; null when the volume serves the claim.</summary>
    public static string? Unsatisfied(V1PersistentVolume volume, V1PersistentVolumeClaim claim)
    {
        if (volume.Metadata.DeletionTimestamp is not null)
        {
            return $"the volume is marked for deletion \"{volume.Metadata.Name}\"";
        }
        if (Capacity(volume) < Request(claim))
        {
            return "requested PV is too small";
        }
        if (StorageClasses.VolumeClass(volume) != StorageClasses.ClaimClass(claim))
        {
            return "storageClassName does not match";
        }
        if (VolumeModeMismatch(claim, volume))
        {
            return "incompatible volumeMode";
        }
        return (claim.Spec?.AccessModes ?? []).All(m => volume.Spec?.AccessModes?.Contains(m) == true) ? null : "incompatible accessMode";
    }

    /// <summary>CheckNodeAffinity: a volume without required terms fits every node; otherwise one term must match.</summary>
    public static bool NodeAffinityMatches(V1PersistentVolume volume, V1Node node) =>
        volume.Spec?.NodeAffinity?.Required?.NodeSelectorTerms is not { Count: > 0 } terms
        || terms.Any(t => NodeSelectorMatcher.TermMatches(t, node));

    /// <summary>ref.GetReference of a claim: what a volume's claimRef holds once bound (uid and resourceVersion included).</summary>
    public static V1ObjectReference ClaimReference(V1PersistentVolumeClaim claim) => new()
    {
        Kind = "PersistentVolumeClaim",
        ApiVersion = "v1",
        NamespaceProperty = claim.Metadata.NamespaceProperty,
        Name = claim.Metadata.Name,
        Uid = claim.Metadata.Uid,
        ResourceVersion = claim.Metadata.ResourceVersion,
    };

    /// <summary>IsDelayBindingMode: the claim's class exists and waits for a first consumer; no class, or a missing one, binds at once.</summary>
    public static bool IsDelayBinding(V1PersistentVolumeClaim claim, Func<string, V1StorageClass?> storageClass) =>
        StorageClasses.ClaimClass(claim) is { Length: > 0 } name && storageClass(name)?.VolumeBindingMode == StorageClasses.WaitForFirstConsumer;

    /// <summary>IsFullyBound: the scheduler's and the PV controller's "bound" is a volume name and bind-completed.</summary>
    public static bool IsFullyBound(V1PersistentVolumeClaim claim) =>
        !string.IsNullOrEmpty(claim.Spec?.VolumeName) && VolumeAnnotations.Has(claim.Metadata.Annotations, VolumeAnnotations.BindCompleted);

    public static decimal Request(V1PersistentVolumeClaim claim) =>
        claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var q) ? QuantityMath.Exact(q) : 0;

    public static decimal Capacity(V1PersistentVolume volume) =>
        volume.Spec?.Capacity is { } capacity && capacity.TryGetValue("storage", out var q) ? QuantityMath.Exact(q) : 0;

    // LabelSelectorAsSelector: an empty selector selects every volume; one that does not parse selects none.
    private static bool Selects(V1LabelSelector selector, IDictionary<string, string>? labels)
    {
        try
        {
            return LabelSelector.FromModel(selector).Matches(new Dictionary<string, string>(labels ?? new Dictionary<string, string>(), StringComparer.Ordinal));
        }
        catch (FormatException)
        {
            return false;
        }
    }

    // CheckVolumeModeMismatches: an unset mode is Filesystem on both sides.
    private static bool VolumeModeMismatch(V1PersistentVolumeClaim claim, V1PersistentVolume volume) =>
        (claim.Spec?.VolumeMode ?? "Filesystem") != (volume.Spec?.VolumeMode ?? "Filesystem");
}
