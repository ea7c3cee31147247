using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The rules of the RuntimeClass admission plugin (plugin/pkg/admission/runtimeclass/admission.go) on a pod's spec,
/// given the class it names (null when it names none): Admit copies the class's overhead in and merges its scheduling
/// constraints, Validate checks the overhead again after the mutating webhooks. Each returns the refusal upstream
/// wraps in admission.NewForbidden, or null.
/// </summary>
public static class RuntimeClassAdmission
{
    public const string OverheadMismatch = "pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead";
    public const string OverheadWithoutClass = "pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead";

    public static string NotFound(string name) => $"pod rejected: RuntimeClass \"{name}\" not found";

    /// <summary>setOverhead, then setScheduling.</summary>
    public static string? Admit(V1RuntimeClass? runtimeClass, V1PodSpec spec)
    {
        if (runtimeClass?.Overhead is { } overhead)
        {
            if (spec.Overhead is not null && !SameResources(overhead.PodFixed, spec.Overhead))
            {
                return OverheadMismatch;
            }
            spec.Overhead = overhead.PodFixed is null ? null : new Dictionary<string, ResourceQuantity>(overhead.PodFixed);
        }
        if (runtimeClass?.Scheduling is not { } scheduling)
        {
            return null;
        }
        if (spec.NodeSelector is null)
        {
            spec.NodeSelector = scheduling.NodeSelector is null ? null : new Dictionary<string, string>(scheduling.NodeSelector);
        }
        else
        {
            // Go ranges over the class's map in random order, so which of several conflicts is named varies upstream;
            // the first in the class's order is named here.
            foreach (var (key, value) in scheduling.NodeSelector ?? new Dictionary<string, string>())
            {
                if (spec.NodeSelector.TryGetValue(key, out var podValue) && podValue != value)
                {
                    return $"conflict: runtimeClass.scheduling.nodeSelector[{key}] = {value}; pod.spec.nodeSelector[{key}] = {podValue}";
                }
                spec.NodeSelector[key] = value;
            }
        }
        spec.Tolerations = MergeTolerations(spec.Tolerations, scheduling.Tolerations);
        return null;
    }

    /// <summary>validateOverhead: the pod's overhead is exactly its class's, or absent when the class defines none.</summary>
    public static string? Validate(V1RuntimeClass? runtimeClass, V1PodSpec spec)
    {
        if (runtimeClass?.Overhead is { } overhead)
        {
            return SameResources(overhead.PodFixed, spec.Overhead) ? null : OverheadMismatch;
        }
        return spec.Overhead is null ? null : OverheadWithoutClass;
    }

    /// <summary>
    /// pkg/util/tolerations MergeTolerations: the class's tolerations, then the pod's whose key and effect no class
    /// toleration has. Upstream keys the pod's by key and effect in a map (a repeated pair keeps its last toleration)
    /// and appends them in map order; they keep the pod's order here.
    /// </summary>
    public static List<V1Toleration>? MergeTolerations(IList<V1Toleration>? pod, IList<V1Toleration>? runtimeClass)
    {
        // Copies: the class is the cache's shared model, and the pod's list is its own to change later.
        var merged = (runtimeClass ?? []).Select(Copy).ToList();
        var taken = merged.Select(Key).ToHashSet();
        var last = new Dictionary<(string, string), V1Toleration>();
        foreach (var t in pod ?? [])
        {
            last[Key(t)] = t;
        }
        foreach (var t in pod ?? [])
        {
            if (last.TryGetValue(Key(t), out var kept) && ReferenceEquals(kept, t) && !taken.Contains(Key(t)))
            {
                merged.Add(t);
            }
        }
        return merged.Count == 0 ? null : merged;
    }

    /// <summary>apiequality.Semantic.DeepEqual on two ResourceLists: the same names, each quantity equal by value; nil equals empty.</summary>
    public static bool SameResources(IDictionary<string, ResourceQuantity>? a, IDictionary<string, ResourceQuantity>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }
        foreach (var (name, quantity) in a ?? new Dictionary<string, ResourceQuantity>())
        {
            if (b is null || !b.TryGetValue(name, out var other) || quantity is null || other is null || QuantityMath.Compare(quantity, other) != 0)
            {
                return false;
            }
        }
        return true;
    }

    private static V1Toleration Copy(V1Toleration t) =>
        new() { Key = t.Key, OperatorProperty = t.OperatorProperty, Value = t.Value, Effect = t.Effect, TolerationSeconds = t.TolerationSeconds };

    private static (string, string) Key(V1Toleration t) => (t.Key ?? "", t.Effect ?? "");
}
