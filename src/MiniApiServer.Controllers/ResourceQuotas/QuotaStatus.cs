using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.ResourceQuotas;

/// <summary>syncResourceQuota's decision, pure: the status a quota should have given the namespace's objects.</summary>
public static class QuotaStatus
{
    /// <summary>
    /// hard = spec.hard; used = the old used overlaid with a recount of every limited name some kind computes (from 0,
    /// over the objects in the quota's scopes), then cut to the limited names (CalculateUsage and Mask).
    /// </summary>
    public static V1ResourceQuotaStatus Compute(V1ResourceQuota quota, IEnumerable<ResourceType> types, Func<ResourceType, IEnumerable<object>> objects, DateTimeOffset now)
    {
        var hard = new Dictionary<string, ResourceQuantity>(quota.Spec?.Hard ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        var used = new Dictionary<string, ResourceQuantity>(quota.Status?.Used ?? new Dictionary<string, ResourceQuantity>(), StringComparer.Ordinal);
        foreach (var type in types)
        {
            var counted = hard.Keys.Where(k => QuotaEvaluator.Handles(type, k)).ToList();
            if (counted.Count == 0)
            {
                continue;
            }
            var totals = counted.ToDictionary(k => k, _ => QuotaEvaluator.ZeroQuantity(), StringComparer.Ordinal);
            foreach (var obj in objects(type))
            {
                if (!QuotaEvaluator.InScopes(quota, obj))
                {
                    continue;
                }
                foreach (var (k, v) in QuotaEvaluator.Usage(type, obj, now))
                {
                    if (totals.TryGetValue(k, out var have))
                    {
                        totals[k] = QuantityMath.Add(have, v);
                    }
                }
            }
            foreach (var (k, v) in totals)
            {
                used[k] = v;
            }
        }
        foreach (var k in used.Keys.Where(k => !hard.ContainsKey(k)).ToList())
        {
            used.Remove(k);
        }
        return new V1ResourceQuotaStatus { Hard = QuantityMath.Sorted(hard), Used = QuantityMath.Sorted(used) };
    }

    /// <summary>Whether the controller has already made status.hard the spec's.</summary>
    public static bool HardIsCurrent(V1ResourceQuota quota) =>
        quota.Status?.Hard is { } hard && Equal(quota.Spec?.Hard ?? new Dictionary<string, ResourceQuantity>(), hard);

    /// <summary>Semantic equality of two statuses' maps (quantities compared by value, as quota.Equals does).</summary>
    public static bool Same(V1ResourceQuotaStatus wanted, V1ResourceQuotaStatus? have) =>
        have?.Hard is not null && have.Used is not null && Equal(wanted.Hard, have.Hard) && Equal(wanted.Used, have.Used);

    private static bool Equal(IDictionary<string, ResourceQuantity> a, IDictionary<string, ResourceQuantity> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var q) && QuantityMath.Compare(p.Value, q) == 0);
}
