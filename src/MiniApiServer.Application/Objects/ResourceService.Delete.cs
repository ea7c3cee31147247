using System.Globalization;
using System.Text.Json;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Webhooks;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// Deletion as the generic registry does it: graceful when the kind says so, held by finalizers
    /// (including the GC's orphan and foregroundDeletion), otherwise immediate; a kind may replace it whole.
    /// </summary>
    public async Task<ObjectResult> DeleteAsync(ResourceType type, string ns, string name, DeleteOptions options)
    {
        ns = Scope(type, ns);
        var kind = registry.KindOf(type);
        if (kind.DeleteRule is { } rule)
        {
            var ruleWarnings = options.BypassesWebhooks ? [] : await AdmitRuledDeleteAsync(type, ns, name, options).ConfigureAwait(false);
            if (await rule.DeleteAsync(this, type, name, options).ConfigureAwait(false) is { } ruled)
            {
                return ruleWarnings.Count == 0 ? ruled : ruled with { Warnings = [.. ruled.Warnings, .. ruleWarnings] };
            }
        }
        // A kind's own rule had its admission above, whether or not it then left the delete to the generic path.
        var admitted = kind.DeleteRule is not null;
        var warnings = new List<string>();
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(type, ns, name).ConfigureAwait(false);
            if (options.PreconditionUid is { Length: > 0 } uid && uid != current.Index.Uid)
            {
                throw ApiErrors.DeletePreconditionFailed(type, name, uid: true, uid, current.Index.Uid ?? "");
            }
            if (options.PreconditionResourceVersion is { Length: > 0 } prv && prv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiErrors.DeletePreconditionFailed(type, name, uid: false, prv, current.ResourceVersion.ToString(CultureInfo.InvariantCulture));
            }
            var obj = Parse(current);
            if (!admitted && !options.BypassesWebhooks && webhooks.Intercepts(type, AdmissionOperation.Delete))
            {
                // Validating admission runs inside the registry's delete, after the preconditions, each attempt (store.go Delete).
                warnings.Clear();
                await AdmitDeleteAsync(type, ns, name, obj, options, warnings).ConfigureAwait(false);
            }
            var meta = ObjectMeta.Of(obj);
            var now = time.GetUtcNow();
            var changed = false;
            var grace = kind.GracefulDelete?.GracePeriodSeconds(obj, options) ?? 0;
            if (grace > 0)
            {
                var existingGrace = meta["deletionGracePeriodSeconds"]?.GetValue<long>();
                if (existingGrace is null || grace < existingGrace)
                {
                    meta["deletionTimestamp"] = ObjectMeta.Timestamp(now.AddSeconds(grace));
                    meta["deletionGracePeriodSeconds"] = grace;
                    changed = true;
                }
            }
            var finalizers = ObjectMeta.Finalizers(meta);
            var policy = options.PropagationPolicy
                ?? (options.OrphanByDefault && !finalizers.Contains(OrphanFinalizer) && !finalizers.Contains(ForegroundFinalizer) ? "Orphan" : null);
            if (meta["deletionTimestamp"] is null || policy is not null)
            {
                if (policy == "Orphan" && !finalizers.Contains(OrphanFinalizer))
                {
                    finalizers.Remove(ForegroundFinalizer);
                    finalizers.Add(OrphanFinalizer);
                    changed = true;
                }
                else if (policy == "Foreground" && !finalizers.Contains(ForegroundFinalizer))
                {
                    finalizers.Remove(OrphanFinalizer);
                    finalizers.Add(ForegroundFinalizer);
                    changed = true;
                }
                else if (policy == "Background" && (finalizers.Remove(OrphanFinalizer) | finalizers.Remove(ForegroundFinalizer)))
                {
                    changed = true;
                }
            }
            WriteCommand command;
            if (finalizers.Count > 0 || grace > 0)
            {
                if (!changed && meta["deletionTimestamp"] is not null)
                {
                    return new ObjectResult(current.Json, 200, warnings, current.ResourceVersion);
                }
                ObjectMeta.SetFinalizers(meta, finalizers);
                meta["deletionTimestamp"] ??= ObjectMeta.Timestamp(now);
                meta["deletionGracePeriodSeconds"] ??= 0;
                if (options.DryRun)
                {
                    return new ObjectResult(JsonSerializer.SerializeToUtf8Bytes(obj), 200, warnings, current.ResourceVersion);
                }
                command = new WriteCommand(WriteKind.Update, type.StorageKey, ns, name, obj, current.ResourceVersion);
            }
            else
            {
                if (options.DryRun)
                {
                    return new ObjectResult(current.Json, 200, warnings, current.ResourceVersion) { Removed = true };
                }
                command = new WriteCommand(WriteKind.Delete, type.StorageKey, ns, name, null, current.ResourceVersion);
            }
            var result = await store.WriteAsync(command).ConfigureAwait(false);
            if (result.Succeeded && command.Kind == WriteKind.Delete && AllocatesOnWrite(type))
            {
                await allocator.ReleaseAsync(obj).ConfigureAwait(false);
            }
            if (result.Succeeded)
            {
                return new ObjectResult(result.Object!.Json, 200, warnings, result.Object.ResourceVersion) { Removed = command.Kind == WriteKind.Delete };
            }
            if (result.Outcome == WriteOutcome.NotFound)
            {
                throw ApiErrors.NotFound(type, name);
            }
            if (attempt >= MaxUpdateRetries)
            {
                throw ApiErrors.Conflict(type, name);
            }
        }
    }

    public async Task<List<StoredObject>> DeleteCollectionAsync(ResourceType type, string? ns, ListOptions list, DeleteOptions options)
    {
        var items = (await ListAsync(type, ns, list with { Limit = null, Continue = null }).ConfigureAwait(false)).Items;
        var deleted = new List<StoredObject>();
        foreach (var item in items)
        {
            try
            {
                var r = await DeleteAsync(type, item.Namespace, item.Name, options).ConfigureAwait(false);
                deleted.Add(item);
                _ = r;
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Deleted concurrently: that is the outcome the caller asked for.
            }
        }
        return deleted;
    }

    public bool IsNamespaceEmpty(string ns) =>
        registry.StoredTypes.Where(t => t.Namespaced).All(t => store.Cache.List(t.StorageKey, ns).Items.Count == 0);
}
