using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The LimitRanger admission plugin's rules (plugin/pkg/admission/limitranger/admission.go), pure: a pod's missing
/// requests and limits from a LimitRange's Container defaults, with the annotation saying what was set, and the min,
/// max and limit-to-request ratio checks for containers, pods and claims. Upstream ranges over each map in Go's random
/// order; here resource names are sorted, so one pod's errors come in one order.
/// </summary>
public static class LimitRanger
{
    public const string Annotation = "kubernetes.io/limit-ranger";

    /// <summary>defaultContainerResourceRequirements: every Container item's defaults, later items winning.</summary>
    public static (Dictionary<string, ResourceQuantity> Requests, Dictionary<string, ResourceQuantity> Limits) ContainerDefaults(V1LimitRange range)
    {
        var requests = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var limits = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var item in range.Spec?.Limits ?? [])
        {
            if (item?.Type != LimitRangeStrategy.Container)
            {
                continue;
            }
            foreach (var (k, v) in item.DefaultRequest ?? new Dictionary<string, ResourceQuantity>())
            {
                requests[k] = v;
            }
            foreach (var (k, v) in item.DefaultProperty ?? new Dictionary<string, ResourceQuantity>())
            {
                limits[k] = v;
            }
        }
        return (requests, limits);
    }

    /// <summary>mergePodResourceRequirements' annotation parts for one container: which names it lacked, sorted.</summary>
    private static void Describe(IEnumerable<string> setRequests, IEnumerable<string> setLimits, string prefix, string container, List<string> parts)
    {
        var requests = setRequests.Order(StringComparer.Ordinal).ToList();
        var limits = setLimits.Order(StringComparer.Ordinal).ToList();
        if (requests.Count > 0)
        {
            parts.Add($"{string.Join(", ", requests)} request for {prefix} {container}");
        }
        if (limits.Count > 0)
        {
            parts.Add($"{string.Join(", ", limits)} limit for {prefix} {container}");
        }
    }

    private static string AnnotationValue(List<string> parts) => "LimitRanger plugin set: " + string.Join("; ", parts);

    /// <summary>PodMutateLimitFunc on a model: the pod's annotation is set when anything was.</summary>
    public static bool Mutate(V1LimitRange range, V1Pod pod)
    {
        var (requests, limits) = ContainerDefaults(range);
        if (requests.Count == 0 && limits.Count == 0 || pod.Spec is null)
        {
            return false;
        }
        // Upstream defaults requests from limits when it decodes the pod, before admission: a limit the pod gives
        // is its request, not the range's default request.
        PodResourceDefaults.RequestsFromLimits(pod.Spec);
        var parts = new List<string>();
        foreach (var c in pod.Spec.Containers ?? [])
        {
            Merge(c, requests, limits, "container", parts);
        }
        foreach (var c in pod.Spec.InitContainers ?? [])
        {
            Merge(c, requests, limits, "init container", parts);
        }
        if (parts.Count > 0)
        {
            pod.Metadata ??= new V1ObjectMeta();
            pod.Metadata.Annotations ??= new Dictionary<string, string>();
            pod.Metadata.Annotations[Annotation] = AnnotationValue(parts);
        }
        return true;
    }

    private static void Merge(V1Container? c, Dictionary<string, ResourceQuantity> requests, Dictionary<string, ResourceQuantity> limits, string prefix, List<string> parts)
    {
        if (c is null)
        {
            return;
        }
        c.Resources ??= new V1ResourceRequirements();
        c.Resources.Limits ??= new Dictionary<string, ResourceQuantity>();
        c.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        var setLimits = limits.Where(d => c.Resources.Limits.TryAdd(d.Key, d.Value)).Select(d => d.Key).ToList();
        var setRequests = requests.Where(d => c.Resources.Requests.TryAdd(d.Key, d.Value)).Select(d => d.Key).ToList();
        // Go's omitempty writes no empty map: a container left without limits (or requests) shows none.
        c.Resources.Limits = c.Resources.Limits.Count == 0 ? null : c.Resources.Limits;
        c.Resources.Requests = c.Resources.Requests.Count == 0 ? null : c.Resources.Requests;
        Describe(setRequests, setLimits, prefix, c.Name ?? "", parts);
    }

    /// <summary>PodValidateLimitFunc: every broken constraint of one LimitRange, in upstream's words.</summary>
    public static List<string> Validate(V1LimitRange range, V1Pod pod)
    {
        var errors = new List<string>();
        foreach (var item in range.Spec?.Limits ?? [])
        {
            if (item?.Type == LimitRangeStrategy.Container)
            {
                foreach (var c in (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []))
                {
                    Constraints(item, c?.Resources?.Requests, c?.Resources?.Limits, errors);
                }
            }
            else if (item?.Type == LimitRangeStrategy.Pod)
            {
                Constraints(item, PodTotals(pod.Spec, limits: false), PodTotals(pod.Spec, limits: true), errors);
            }
        }
        return errors;
    }

    /// <summary>PersistentVolumeClaimValidateLimitFunc: min and max against the claim's requests (its limits are not user input).</summary>
    public static List<string> Validate(V1LimitRange range, V1PersistentVolumeClaim claim)
    {
        var errors = new List<string>();
        var requests = claim.Spec?.Resources?.Requests;
        foreach (var item in range.Spec?.Limits ?? [])
        {
            if (item?.Type != LimitRangeStrategy.PersistentVolumeClaim)
            {
                continue;
            }
            foreach (var (k, v) in Sorted(item.Min))
            {
                Min(item.Type, k, v, requests, null, errors);
            }
            foreach (var (k, v) in Sorted(item.Max))
            {
                if (Get(requests, k) is not { } request)
                {
                    errors.Add($"maximum {k} usage per {item.Type} is {QuantityMath.Text(v)}.  No request is specified");
                }
                else if (Values(request, null, v) is var (req, _, enforced) && req > enforced)
                {
                    errors.Add($"maximum {k} usage per {item.Type} is {QuantityMath.Text(v)}, but request is {QuantityMath.Text(request)}");
                }
            }
        }
        return errors;
    }

    private static void Constraints(V1LimitRangeItem item, IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits, List<string> errors)
    {
        foreach (var (k, v) in Sorted(item.Min))
        {
            Min(item.Type, k, v, requests, limits, errors);
        }
        foreach (var (k, v) in Sorted(item.Max))
        {
            Max(item.Type, k, v, requests, limits, errors);
        }
        foreach (var (k, v) in Sorted(item.MaxLimitRequestRatio))
        {
            Ratio(item.Type, k, v, requests, limits, errors);
        }
    }

    private static void Min(string type, string name, ResourceQuantity enforced, IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits, List<string> errors)
    {
        var request = Get(requests, name);
        var limit = Get(limits, name);
        var (req, lim, min) = Values(request, limit, enforced);
        if (request is null)
        {
            errors.Add($"minimum {name} usage per {type} is {QuantityMath.Text(enforced)}.  No request is specified");
        }
        else if (req < min)
        {
            errors.Add($"minimum {name} usage per {type} is {QuantityMath.Text(enforced)}, but request is {QuantityMath.Text(request)}");
        }
        else if (limit is not null && lim < min)
        {
            errors.Add($"minimum {name} usage per {type} is {QuantityMath.Text(enforced)}, but limit is {QuantityMath.Text(limit)}");
        }
    }

    private static void Max(string type, string name, ResourceQuantity enforced, IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits, List<string> errors)
    {
        var request = Get(requests, name);
        var limit = Get(limits, name);
        var (req, lim, max) = Values(request, limit, enforced);
        if (limit is null)
        {
            errors.Add($"maximum {name} usage per {type} is {QuantityMath.Text(enforced)}.  No limit is specified");
        }
        else if (lim > max)
        {
            errors.Add($"maximum {name} usage per {type} is {QuantityMath.Text(enforced)}, but limit is {QuantityMath.Text(limit)}");
        }
        else if (request is not null && req > max)
        {
            errors.Add($"maximum {name} usage per {type} is {QuantityMath.Text(enforced)}, but request is {QuantityMath.Text(request)}");
        }
    }

    private static void Ratio(string type, string name, ResourceQuantity enforced, IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits, List<string> errors)
    {
        var request = Get(requests, name);
        var limit = Get(limits, name);
        var (req, lim, _) = Values(request, limit, enforced);
        if (request is null || req == 0)
        {
            errors.Add($"{name} max limit to request ratio per {type} is {QuantityMath.Text(enforced)}, but no request is specified or request is 0");
            return;
        }
        if (limit is null || lim == 0)
        {
            errors.Add($"{name} max limit to request ratio per {type} is {QuantityMath.Text(enforced)}, but no limit is specified or limit is 0");
            return;
        }
        var observed = (double)lim / req;
        var display = observed;
        double allowed = QuantityMath.Value(enforced);
        if (QuantityMath.Value(enforced) <= QuantityMath.MaxMilliValue)
        {
            observed *= 1000;
            allowed = QuantityMath.MilliValue(enforced);
        }
        if (observed > allowed)
        {
            errors.Add($"{name} max limit to request ratio per {type} is {QuantityMath.Text(enforced)}, but provided ratio is {LimitRangeStrategy.GoFloat(display)}");
        }
    }

    /// <summary>requestLimitEnforcedValues: milli values when none would overflow, else whole ones; a missing quantity is 0.</summary>
    private static (long Request, long Limit, long Enforced) Values(ResourceQuantity? request, ResourceQuantity? limit, ResourceQuantity enforced)
    {
        long Whole(ResourceQuantity? q) => q is null ? 0 : QuantityMath.Value(q);
        long Milli(ResourceQuantity? q) => q is null ? 0 : QuantityMath.MilliValue(q);
        var (r, l, e) = (Whole(request), Whole(limit), Whole(enforced));
        return r <= QuantityMath.MaxMilliValue && l <= QuantityMath.MaxMilliValue && e <= QuantityMath.MaxMilliValue
            ? (Milli(request), Milli(limit), Milli(enforced))
            : (r, l, e);
    }

    /// <summary>
    /// podRequests / podLimits: the app containers' sum, restartable (sidecar) init containers added to it, and the
    /// largest of the other init containers (each with the sidecars started before it) if that is larger.
    /// </summary>
    public static Dictionary<string, ResourceQuantity> PodTotals(V1PodSpec? spec, bool limits)
    {
        IDictionary<string, ResourceQuantity>? Of(V1Container c) => limits ? c.Resources?.Limits : c.Resources?.Requests;
        var total = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var c in spec?.Containers ?? [])
        {
            AddTo(total, Of(c));
        }
        var sidecars = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        var init = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var c in spec?.InitContainers ?? [])
        {
            Dictionary<string, ResourceQuantity> effective;
            if (c.RestartPolicy == "Always")
            {
                AddTo(total, Of(c));
                AddTo(sidecars, Of(c));
                effective = sidecars;
            }
            else
            {
                effective = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
                AddTo(effective, Of(c));
                AddTo(effective, sidecars);
            }
            MaxInto(init, effective);
        }
        MaxInto(total, init);
        return total;
    }

    private static void AddTo(Dictionary<string, ResourceQuantity> list, IDictionary<string, ResourceQuantity>? more)
    {
        foreach (var (k, v) in more ?? new Dictionary<string, ResourceQuantity>())
        {
            list[k] = list.TryGetValue(k, out var have) ? QuantityMath.Add(have, v) : v;
        }
    }

    private static void MaxInto(Dictionary<string, ResourceQuantity> list, Dictionary<string, ResourceQuantity> other)
    {
        foreach (var (k, v) in other)
        {
            if (!list.TryGetValue(k, out var have) || QuantityMath.Compare(v, have) > 0)
            {
                list[k] = v;
            }
        }
    }

    private static ResourceQuantity? Get(IDictionary<string, ResourceQuantity>? map, string key) =>
        map is not null && map.TryGetValue(key, out var q) ? q : null;

    private static IEnumerable<KeyValuePair<string, ResourceQuantity>> Sorted(IDictionary<string, ResourceQuantity>? map) =>
        (map ?? new Dictionary<string, ResourceQuantity>()).OrderBy(p => p.Key, StringComparer.Ordinal);
}
