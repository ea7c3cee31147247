using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The ResourceQuota admission plugin (staging/src/k8s.io/apiserver/pkg/admission/plugin/resourcequota), for creates:
/// each quota in the namespace that limits something the new object is counted in (by its status.hard, which the
/// quota controller fills) must still have room for it, or the create is a 403 naming what it exceeds; then the
/// object's usage is added to each such quota's status.used, written with the quota's resourceVersion as a
/// precondition before the object itself is stored, so two creates racing for the last unit cannot both pass. A quota
/// written meanwhile is read again and checked again, three times at most, as upstream's evaluator retries.
/// </summary>
public sealed partial class ResourceService
{
    private const string ResourceQuotas = "resourcequotas";
    private const int QuotaRetries = 3;

    /// <summary>Validating admission of a create, after the strategy: LimitRanger, then ResourceQuota (its place in the chain).</summary>
    private async Task AdmitCreateValidatingAsync(ResourceType type, string ns, Func<object> model, bool dryRun)
    {
        object? decoded = null;
        object Model() => decoded ??= model();
        ValidateLimitRanges(type, ns, Model);
        await ChargeQuotaAsync(type, ns, Model, dryRun).ConfigureAwait(false);
    }

    private async Task ChargeQuotaAsync(ResourceType type, string ns, Func<object> model, bool dryRun)
    {
        // Events, bindings and the namespace itself are never counted (the plugin's ignored resources).
        if (!type.Namespaced || ns.Length == 0 || type.Kind == "Event" || store.Cache.List(ResourceQuotas, ns).Items.Count == 0)
        {
            return;
        }
        var obj = model();
        var name = (obj as IMetadata<V1ObjectMeta>)?.Metadata?.Name ?? "";
        var usage = QuotaEvaluator.Usage(type, obj, time.GetUtcNow())
            .Where(u => QuantityMath.Exact(u.Value) != 0).ToDictionary(StringComparer.Ordinal);
        var charged = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            var pending = new List<(StoredObject Stored, Dictionary<string, ResourceQuantity> Used)>();
            foreach (var stored in store.Cache.List(ResourceQuotas, ns).Items)
            {
                var quota = ModelCodec.DecodeShared<V1ResourceQuota>(stored);
                if (charged.Contains(stored.Name) || !QuotaEvaluator.Matches(quota, type, obj))
                {
                    continue;
                }
                if (Charge(type, name, quota, obj, usage) is { } used)
                {
                    pending.Add((stored, used));
                }
            }
            if (dryRun)
            {
                return;
            }
            var conflicted = false;
            foreach (var (stored, used) in pending)
            {
                try
                {
                    await UpdateModelAsync(registry.ByStorageKey(ResourceQuotas)!, ns, stored.Name, m =>
                    {
                        var quota = (V1ResourceQuota)m;
                        quota.Metadata.ResourceVersion = stored.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                        quota.Status ??= new V1ResourceQuotaStatus();
                        quota.Status.Used = used;
                        return true;
                    }, statusOnly: true).ConfigureAwait(false);
                    charged.Add(stored.Name);
                }
                catch (ApiException ex) when (ex.Code == 409 && attempt < QuotaRetries)
                {
                    conflicted = true;
                }
            }
            if (!conflicted)
            {
                return;
            }
            await store.CatchUpForReadAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// CheckRequest for one matching quota: the container rule, a status the controller has not filled, then room for
    /// the usage. The quota's new status.used, or null when the object uses nothing it limits.
    /// </summary>
    private static Dictionary<string, ResourceQuantity>? Charge(ResourceType type, string name, V1ResourceQuota quota, object obj, Dictionary<string, ResourceQuantity> usage)
    {
        var quotaName = quota.Metadata?.Name ?? "";
        var restricted = QuotaEvaluator.Restricted(quota, type);
        if (obj is V1Pod pod && QuotaEvaluator.MissingContainerResources(restricted, pod) is { } missing)
        {
            throw Forbidden(type, name, $"failed quota: {quotaName}: {missing}");
        }
        var hard = quota.Status?.Hard ?? new Dictionary<string, ResourceQuantity>();
        var used = quota.Status?.Used ?? new Dictionary<string, ResourceQuantity>();
        if (restricted.Any(r => !used.ContainsKey(r)))
        {
            throw Forbidden(type, name, $"status unknown for quota: {quotaName}, resources: {string.Join(",", restricted)}");
        }
        var requested = usage.Where(u => hard.ContainsKey(u.Key)).ToDictionary(StringComparer.Ordinal);
        if (requested.Count == 0)
        {
            return null;
        }
        var newUsed = new Dictionary<string, ResourceQuantity>(used, StringComparer.Ordinal);
        foreach (var (k, v) in requested)
        {
            newUsed[k] = used.TryGetValue(k, out var have) ? QuantityMath.Add(have, v) : v;
        }
        var exceeded = requested.Keys.Where(k => QuantityMath.Compare(newUsed[k], hard[k]) > 0).Order(StringComparer.Ordinal).ToList();
        if (exceeded.Count > 0)
        {
            throw Forbidden(type, name,
                $"exceeded quota: {quotaName}, requested: {Pretty(requested, exceeded)}, used: {Pretty(used, exceeded)}, limited: {Pretty(hard, exceeded)}");
        }
        return newUsed;
    }

    // prettyPrint: name=quantity, sorted, comma-separated.
    private static string Pretty(IDictionary<string, ResourceQuantity> list, List<string> names) =>
        string.Join(",", names.Where(list.ContainsKey).Select(n => $"{n}={QuantityMath.Text(list[n])}"));
}
