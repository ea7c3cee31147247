using System.Globalization;
using System.Text.Json.Nodes;
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

    /// <summary>Creates in flight in namespaces with quotas, which the quota controller waits out before it recounts.</summary>
    public QuotaCharges QuotaCharges { get; } = new();

    /// <summary>
    /// ResourceQuota's Validate on a create, the last validating plugin, after the webhooks. The charge, if any, is the
    /// caller's to mark stored once the object is written, and to dispose. A JSON path's object is decoded only for a
    /// namespace with quotas, which nearly no create's has: those allocate nothing here.
    /// </summary>
    private ValueTask<QuotaCharges.Charge?> AdmitCreateValidatingAsync(ResourceType type, string ns, object? model, JsonObject? json, bool dryRun)
    {
        if (!type.Namespaced || !store.Cache.Any(ResourceQuotas, ns))
        {
            return ValueTask.FromResult<QuotaCharges.Charge?>(null);
        }
        var obj = model ?? ModelCodec.Decode(json!, type.ModelType);
        return new ValueTask<QuotaCharges.Charge?>(ChargeQuotaAsync(type, ns, obj, old: null, dryRun));
    }

    /// <summary>An update's charge on the JSON path: the objects are decoded only here, for a namespace with quotas.</summary>
    private Task<QuotaCharges.Charge?> ChargeUpdateAsync(ResourceType type, string ns, JsonObject updated, StoredObject current, bool dryRun) =>
        ChargeQuotaAsync(type, ns, ModelCodec.Decode(updated, type.ModelType), ModelCodec.DecodeShared(current, type.ModelType), dryRun);

    /// <summary>
    /// The plugin's Validate: a create is charged what it uses, an update of a service or claim what it uses beyond
    /// the old object (SubtractWithNonNegativeResult, so shrinking gives nothing back until the controller recounts).
    /// </summary>
    private async Task<QuotaCharges.Charge?> ChargeQuotaAsync(ResourceType type, string ns, object model, object? old, bool dryRun)
    {
        // Events, bindings and the namespace itself are never counted (the plugin's ignored resources).
        if (!type.Namespaced || ns.Length == 0 || type.Kind == "Event" || !store.Cache.Any(ResourceQuotas, ns))
        {
            return null;
        }
        var charge = dryRun ? null : QuotaCharges.Begin(ns);
        var gate = QuotaCharges.Gate(ns);
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await ChargeAsync(type, ns, model, old, dryRun, charge).ConfigureAwait(false);
            return charge;
        }
        catch
        {
            charge?.Dispose();
            throw;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task ChargeAsync(ResourceType type, string ns, object obj, object? old, bool dryRun, QuotaCharges.Charge? charge)
    {
        // A custom resource is admitted as its JSON (no model): its name is read from there.
        var name = (obj as IMetadata<V1ObjectMeta>)?.Metadata?.Name ?? (obj as JsonObject)?["metadata"]?["name"]?.GetValue<string>() ?? "";
        var now = time.GetUtcNow();
        var usage = QuotaEvaluator.Usage(type, obj, now);
        if (old is not null)
        {
            var before = QuotaEvaluator.Usage(type, old, now);
            usage = usage.ToDictionary(u => u.Key, u => before.TryGetValue(u.Key, out var was) && QuantityMath.Compare(u.Value, was) > 0
                ? QuantityMath.Subtract(u.Value, was) : before.ContainsKey(u.Key) ? QuotaEvaluator.ZeroQuantity() : u.Value, StringComparer.Ordinal);
        }
        usage = usage.Where(u => QuantityMath.Exact(u.Value) != 0).ToDictionary(StringComparer.Ordinal);
        var charged = new HashSet<string>(StringComparer.Ordinal);
        for (var attempt = 0; ; attempt++)
        {
            var matching = store.Cache.List(ResourceQuotas, ns).Items
                .Select(stored => (Stored: stored, Quota: ModelCodec.DecodeShared<V1ResourceQuota>(stored)))
                .Where(q => !charged.Contains(q.Stored.Name) && QuotaEvaluator.Matches(q.Quota, type, obj))
                .ToList();
            // Every matching quota's constraints and status are checked before any is found exceeded, as checkRequest does.
            foreach (var (_, quota) in matching)
            {
                CheckConstraints(type, name, quota, obj);
            }
            if (usage.Count == 0)
            {
                return;
            }
            var pending = new List<(StoredObject Stored, Dictionary<string, ResourceQuantity> Used)>();
            foreach (var (stored, quota) in matching)
            {
                if (Charge(type, name, quota, usage) is { } used)
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
                    charge!.Charged = true;
                }
                catch (ApiException ex) when ((ex.Code == 409 && attempt < QuotaRetries) || ex.Code == 404)
                {
                    // Written meanwhile (409): checked again on what is current. Deleted meanwhile (404): it limits nothing.
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

    /// <summary>The evaluators that charge updates (services' and claims'); pods' are charged on create only in 1.32.</summary>
    private bool ChargesUpdates(ResourceType type, bool statusOnly) =>
        !statusOnly && (type == registry.Services || type == registry.PersistentVolumeClaims);

    /// <summary>The container rule (pods.go Constraints), then a status the controller has not filled.</summary>
    private static void CheckConstraints(ResourceType type, string name, V1ResourceQuota quota, object obj)
    {
        var quotaName = quota.Metadata?.Name ?? "";
        var restricted = QuotaEvaluator.Restricted(quota, type);
        if (obj is V1Pod pod && QuotaEvaluator.MissingContainerResources(restricted, pod) is { } missing)
        {
            throw Forbidden(type, name, $"failed quota: {quotaName}: {missing}");
        }
        var used = quota.Status?.Used ?? new Dictionary<string, ResourceQuantity>();
        if (restricted.Any(r => !used.ContainsKey(r)))
        {
            throw Forbidden(type, name, $"status unknown for quota: {quotaName}, resources: {string.Join(",", restricted)}");
        }
    }

    /// <summary>Room for the usage in one matching quota: its new status.used, or null when the object uses nothing it limits.</summary>
    private static Dictionary<string, ResourceQuantity>? Charge(ResourceType type, string name, V1ResourceQuota quota, Dictionary<string, ResourceQuantity> usage)
    {
        var quotaName = quota.Metadata?.Name ?? "";
        var hard = quota.Status?.Hard ?? new Dictionary<string, ResourceQuantity>();
        var used = quota.Status?.Used ?? new Dictionary<string, ResourceQuantity>();
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
        newUsed = QuantityMath.Sorted(newUsed);
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
