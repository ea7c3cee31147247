using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Quota's evaluators, pure (staging/src/k8s.io/apiserver/pkg/quota/v1/generic and pkg/quota/v1/evaluator/core:
/// pods.go, services.go, persistent_volume_claims.go): which quota names an evaluator answers for, what one object
/// uses, whether a pod is in a quota's scopes, and the rule that a quota on cpu or memory makes every container say
/// its own. Every other kind is counted as count/&lt;resource&gt;[.&lt;group&gt;], with the legacy names of four.
/// </summary>
public static class QuotaEvaluator
{
    private static readonly HashSet<string> PodNames = new(StringComparer.Ordinal)
    {
        "count/pods", "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods",
    };

    private static readonly HashSet<string> RequiredForContainers = new(StringComparer.Ordinal)
    {
        "cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
    };

    private static readonly HashSet<string> LegacyCounted = new(StringComparer.Ordinal) { "configmaps", "secrets", "replicationcontrollers", "resourcequotas" };

    private const string StorageClassSuffix = ".storageclass.storage.k8s.io/";

    public static string CountName(ResourceType type) => type.Group.Length == 0 ? $"count/{type.Plural}" : $"count/{type.Plural}.{type.Group}";

    /// <summary>MatchingResources: whether a quota name is one this kind's evaluator computes.</summary>
    public static bool Handles(ResourceType type, string name)
    {
        if (name == CountName(type))
        {
            return true;
        }
        if (type.Group.Length > 0)
        {
            return false;
        }
        return type.Plural switch
        {
            "pods" => PodNames.Contains(name) || ResourceNames.IsHugePage(name) || name.StartsWith("requests.hugepages-", StringComparison.Ordinal)
                || (name.StartsWith(ResourceNames.RequestsPrefix, StringComparison.Ordinal) && !ResourceNames.IsNative(name)),
            "services" => name is "services" or "services.nodeports" or "services.loadbalancers",
            "persistentvolumeclaims" => name is "persistentvolumeclaims" or "requests.storage"
                || name.EndsWith(StorageClassSuffix + "persistentvolumeclaims", StringComparison.Ordinal)
                || name.EndsWith(StorageClassSuffix + "requests.storage", StringComparison.Ordinal),
            _ => LegacyCounted.Contains(type.Plural) && name == type.Plural,
        };
    }

    /// <summary>What one object of the kind uses (Usage): its count always, a pod's compute only while it is not finished.</summary>
    public static Dictionary<string, ResourceQuantity> Usage(ResourceType type, object model, DateTimeOffset now)
    {
        var usage = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { [CountName(type)] = One };
        switch (model)
        {
            case V1Pod pod when type.Plural == "pods" && type.Group.Length == 0:
                if (Charged(pod, now))
                {
                    foreach (var (k, v) in Compute(PodRequests(pod.Spec), PodLimits(pod.Spec)))
                    {
                        usage[k] = v;
                    }
                }
                break;
            case V1Service service:
                ServiceUsage(service, usage);
                break;
            case V1PersistentVolumeClaim claim:
                ClaimUsage(claim, usage);
                break;
            default:
                if (type.Group.Length == 0 && LegacyCounted.Contains(type.Plural))
                {
                    usage[type.Plural] = One;
                }
                break;
        }
        return usage;
    }

    /// <summary>
    /// Matches: the quota limits something this kind is counted in (by status.hard, which the controller fills), and the
    /// object is in every scope. Only pods have scopes; a scoped quota matches no other kind.
    /// </summary>
    public static bool Matches(V1ResourceQuota quota, ResourceType type, object model) =>
        Restricted(quota, type).Count > 0 && InScopes(quota, model);

    public static List<string> Restricted(V1ResourceQuota quota, ResourceType type) =>
        (quota.Status?.Hard?.Keys ?? []).Where(k => Handles(type, k)).Order(StringComparer.Ordinal).ToList();

    public static bool InScopes(V1ResourceQuota quota, object model)
    {
        var requirements = (quota.Spec?.Scopes ?? []).Select(s => (Scope: s, Operator: "Exists", Values: (IList<string>)[]))
            .Concat((quota.Spec?.ScopeSelector?.MatchExpressions ?? []).Select(e => (Scope: e.ScopeName ?? "", Operator: e.OperatorProperty ?? "", Values: e.Values ?? [])))
            .ToList();
        if (requirements.Count == 0)
        {
            return true;
        }
        return model is V1Pod pod && requirements.All(r => PodInScope(pod, r.Scope, r.Operator, r.Values));
    }

    /// <summary>
    /// The backward-compatibility rule of pods.go's Constraints: with cpu or memory limited, every container and init
    /// container must state it. Null when they all do, else "must specify ..." naming what each lacks.
    /// </summary>
    public static string? MissingContainerResources(IReadOnlyList<string> restricted, V1Pod pod)
    {
        var required = restricted.Where(RequiredForContainers.Contains).ToHashSet(StringComparer.Ordinal);
        if (required.Count == 0)
        {
            return null;
        }
        var missing = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var c in (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []))
        {
            var has = Compute(c.Resources?.Requests, c.Resources?.Limits);
            foreach (var name in required.Where(r => !has.ContainsKey(r)))
            {
                if (!missing.TryGetValue(name, out var containers))
                {
                    missing[name] = containers = new SortedSet<string>(StringComparer.Ordinal);
                }
                containers.Add(c.Name ?? "");
            }
        }
        return missing.Count == 0 ? null : "must specify " + string.Join("; ", missing.Select(m => $"{m.Key} for: {string.Join(",", m.Value)}"));
    }

    private static readonly ResourceQuantity One = new("1");

    private static ResourceQuantity Zero => new("0");

    /// <summary>QuotaV1Pod: a finished pod, or one whose deletion grace period is over, is charged its count alone.</summary>
    public static bool Charged(V1Pod pod, DateTimeOffset now)
    {
        if (pod.Status?.Phase is "Failed" or "Succeeded")
        {
            return false;
        }
        return pod.Metadata?.DeletionTimestamp is not { } deleted || pod.Metadata.DeletionGracePeriodSeconds is not { } grace
            || now <= new DateTimeOffset(DateTime.SpecifyKind(deleted, DateTimeKind.Utc)).AddSeconds(grace);
    }

    // PodRequests: the containers' totals plus the pod's overhead.
    private static Dictionary<string, ResourceQuantity> PodRequests(V1PodSpec? spec)
    {
        var requests = LimitRanger.PodTotals(spec, limits: false);
        foreach (var (k, v) in spec?.Overhead ?? new Dictionary<string, ResourceQuantity>())
        {
            requests[k] = requests.TryGetValue(k, out var have) ? QuantityMath.Add(have, v) : v;
        }
        return requests;
    }

    // PodLimits: overhead is added only to a limit the containers set (and not to zero), since a missing limit is none.
    private static Dictionary<string, ResourceQuantity> PodLimits(V1PodSpec? spec)
    {
        var limits = LimitRanger.PodTotals(spec, limits: true);
        foreach (var (k, v) in spec?.Overhead ?? new Dictionary<string, ResourceQuantity>())
        {
            if (limits.TryGetValue(k, out var have) && QuantityMath.Exact(have) != 0)
            {
                limits[k] = QuantityMath.Add(have, v);
            }
        }
        return limits;
    }

    /// <summary>podComputeUsageHelper: the quota names a set of requests and limits is charged under.</summary>
    private static Dictionary<string, ResourceQuantity> Compute(IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits)
    {
        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal) { ["pods"] = One };
        foreach (var name in new[] { "cpu", "memory", "ephemeral-storage" })
        {
            if (requests is not null && requests.TryGetValue(name, out var request))
            {
                result[name] = request;
                result[ResourceNames.RequestsPrefix + name] = request;
            }
            if (limits is not null && limits.TryGetValue(name, out var limit))
            {
                result[ResourceNames.LimitsPrefix + name] = limit;
            }
        }
        foreach (var (name, request) in requests ?? new Dictionary<string, ResourceQuantity>())
        {
            if (ResourceNames.IsHugePage(name))
            {
                result[name] = request;
                result[ResourceNames.RequestsPrefix + name] = request;
            }
            if (ResourceNames.IsExtended(name))
            {
                result[ResourceNames.RequestsPrefix + name] = request;
            }
        }
        return result;
    }

    private static bool PodInScope(V1Pod pod, string scope, string op, IList<string> values) => scope switch
    {
        "Terminating" => pod.Spec?.ActiveDeadlineSeconds is >= 0,
        "NotTerminating" => pod.Spec?.ActiveDeadlineSeconds is not >= 0,
        "BestEffort" => IsBestEffort(pod.Spec),
        "NotBestEffort" => !IsBestEffort(pod.Spec),
        "PriorityClass" => PriorityClassMatches(pod.Spec?.PriorityClassName ?? "", op, values),
        "CrossNamespacePodAffinity" => CrossNamespaceAffinity(pod.Spec?.Affinity),
        _ => false,
    };

    // The scope as a label selector over {PriorityClass: name}, an unnamed pod having no such label.
    private static bool PriorityClassMatches(string name, string op, IList<string> values) => op switch
    {
        "Exists" => name.Length > 0,
        "DoesNotExist" => name.Length == 0,
        "In" => name.Length > 0 && values.Contains(name),
        "NotIn" => name.Length == 0 || !values.Contains(name),
        _ => false,
    };

    // qos.GetPodQOS == BestEffort: no container asks for or caps cpu or memory.
    private static bool IsBestEffort(V1PodSpec? spec) =>
        (spec?.Containers ?? []).Concat(spec?.InitContainers ?? []).All(c =>
            !HasCompute(c.Resources?.Requests) && !HasCompute(c.Resources?.Limits));

    private static bool HasCompute(IDictionary<string, ResourceQuantity>? list) =>
        list is not null && list.Any(p => p.Key is "cpu" or "memory" && QuantityMath.Exact(p.Value) != 0);

    private static bool CrossNamespaceAffinity(V1Affinity? affinity)
    {
        static bool Cross(V1PodAffinityTerm? t) => t is not null && (t.Namespaces is { Count: > 0 } || t.NamespaceSelector is not null);
        var terms = (affinity?.PodAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Concat((affinity?.PodAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(w => w.PodAffinityTerm))
            .Concat(affinity?.PodAntiAffinity?.RequiredDuringSchedulingIgnoredDuringExecution ?? [])
            .Concat((affinity?.PodAntiAffinity?.PreferredDuringSchedulingIgnoredDuringExecution ?? []).Select(w => w.PodAffinityTerm));
        return terms.Any(Cross);
    }

    private static void ServiceUsage(V1Service service, Dictionary<string, ResourceQuantity> usage)
    {
        usage["services"] = One;
        var ports = service.Spec?.Ports ?? [];
        var (balancers, nodePorts) = service.Spec?.Type switch
        {
            "NodePort" => (0, ports.Count),
            "LoadBalancer" => (1, service.Spec.AllocateLoadBalancerNodePorts == false ? ports.Count(p => p.NodePort is > 0) : ports.Count),
            _ => (0, 0),
        };
        usage["services.loadbalancers"] = new ResourceQuantity(balancers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        usage["services.nodeports"] = new ResourceQuantity(nodePorts.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static void ClaimUsage(V1PersistentVolumeClaim claim, Dictionary<string, ResourceQuantity> usage)
    {
        usage["persistentvolumeclaims"] = One;
        var storageClass = StorageClasses.ClaimClass(claim);
        if (storageClass.Length > 0)
        {
            usage[storageClass + StorageClassSuffix + "persistentvolumeclaims"] = One;
        }
        // getStorageUsage: the request rounded up to a whole byte, or a larger allocation (an expansion in progress).
        ResourceQuantity? charged = null;
        if (claim.Spec?.Resources?.Requests?.TryGetValue("storage", out var requested) == true && requested is not null)
        {
            charged = requested;
        }
        if (claim.Status?.AllocatedResources?.TryGetValue("storage", out var allocated) == true && allocated is not null
            && (charged is null || Math.Ceiling(QuantityMath.Exact(allocated)) > Math.Ceiling(QuantityMath.Exact(charged))))
        {
            charged = allocated;
        }
        if (charged is null)
        {
            return;
        }
        var storage = new ResourceQuantity(Math.Ceiling(QuantityMath.Exact(charged)), 0, charged.Format);
        usage["requests.storage"] = storage;
        if (storageClass.Length > 0)
        {
            usage[storageClass + StorageClassSuffix + "requests.storage"] = storage;
        }
    }

    /// <summary>The controller's starting point: every limited name this kind computes, at zero.</summary>
    public static ResourceQuantity ZeroQuantity() => Zero;
}
