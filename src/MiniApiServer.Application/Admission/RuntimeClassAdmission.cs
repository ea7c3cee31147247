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
            if (spec.Overhead is { Count: > 0 } && !SameResources(overhead.PodFixed, spec.Overhead))
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

    /// <summary>validateOverhead: a pod with an overhead has exactly its class's, and a class that defines one.</summary>
    public static string? Validate(V1RuntimeClass? runtimeClass, V1PodSpec spec)
    {
        if (spec.Overhead is not { Count: > 0 })
        {
            return null;
        }
        if (runtimeClass?.Overhead is { } overhead)
        {
            return SameResources(overhead.PodFixed, spec.Overhead) ? null : OverheadMismatch;
        }
        return OverheadWithoutClass;
    }

    /// <summary>
    /// pkg/util/tolerations MergeTolerations(pod, class): the pod's tolerations, then the class's, keeping of any two where
    /// one tolerates everything the other does only the wider, and of two equal ones the first.
    /// </summary>
    public static List<V1Toleration>? MergeTolerations(IList<V1Toleration>? pod, IList<V1Toleration>? runtimeClass)
    {
        // Copies of the class's: it is the cache's shared model, and the pod's list is the pod's to change later.
        var all = (pod ?? []).Concat((runtimeClass ?? []).Select(Copy)).ToList();
        var merged = new List<V1Toleration>();
        for (var i = 0; i < all.Count; i++)
        {
            var t = all[i];
            if (merged.Any(kept => IsSuperset(kept, t)) || all.Skip(i + 1).Any(later => !Same(t, later) && IsSuperset(later, t)))
            {
                continue;
            }
            merged.Add(t);
        }
        return merged.Count == 0 ? null : merged;
    }

    /// <summary>isSuperset: whether <paramref name="ss"/> tolerates every taint <paramref name="t"/> does.</summary>
    public static bool IsSuperset(V1Toleration ss, V1Toleration t)
    {
        if (Same(ss, t))
        {
            return true;
        }
        // An empty key with Exists matches every key; an empty effect every effect.
        if ((t.Key ?? "") != (ss.Key ?? "") && ((ss.Key ?? "") != "" || ss.OperatorProperty != "Exists"))
        {
            return false;
        }
        if ((t.Effect ?? "") != (ss.Effect ?? "") && (ss.Effect ?? "") != "")
        {
            return false;
        }
        if (ss.Effect == "NoExecute" && ss.TolerationSeconds is { } limit && (t.TolerationSeconds is not { } seconds || seconds > limit))
        {
            return false;
        }
        return (ss.OperatorProperty ?? "") switch
        {
            "Equal" or "" => t.OperatorProperty == "Equal" && (t.Value ?? "") == (ss.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    private static bool Same(V1Toleration a, V1Toleration b) =>
        (a.Key ?? "") == (b.Key ?? "") && (a.OperatorProperty ?? "") == (b.OperatorProperty ?? "") && (a.Value ?? "") == (b.Value ?? "")
        && (a.Effect ?? "") == (b.Effect ?? "") && a.TolerationSeconds == b.TolerationSeconds;

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

}
