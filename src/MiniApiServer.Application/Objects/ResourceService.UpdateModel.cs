using System.Globalization;
using k8s;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Webhooks;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>
    /// <see cref="UpdateAsync"/> for an in-process writer: <paramref name="mutate"/> changes a model of the current
    /// object (false: write nothing), admission runs on the model, and the result is encoded once, to its stored bytes.
    /// The new object is never decoded. The copy handed to <paramref name="mutate"/> has no resourceVersion unless
    /// <paramref name="keepResourceVersion"/>; one that is left or set there is a precondition (409 on mismatch),
    /// otherwise a lost race is retried on a fresh copy, as GuaranteedUpdate does. <paramref name="bypassStrategy"/> is
    /// for a subresource whose own rules have decided what may change (pods/binding), as on the JSON path; with
    /// <paramref name="dryRun"/> nothing is written and the answer is the object as it would be stored.
    /// </summary>
    public async Task<ObjectResult> UpdateModelAsync(
        ResourceType type, string ns, string name, Func<object, bool> mutate, bool statusOnly, bool keepResourceVersion = false,
        bool bypassStrategy = false, bool dryRun = false)
    {
        if (type.IsCustom)
        {
            return await UpdateCustomMetadataAsync(type, ns, name, mutate, statusOnly, keepResourceVersion).ConfigureAwait(false);
        }
        if (!bypassStrategy && webhooks.Intercepts(type, AdmissionOperation.Update, statusOnly ? "status" : null))
        {
            return await UpdateModelWithWebhooksAsync(type, ns, name, mutate, statusOnly, keepResourceVersion, dryRun).ConfigureAwait(false);
        }
        ns = Scope(type, ns);
        var strategy = (ITypedUpdate)strategies.For(type);
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetAsync(type, ns, name).ConfigureAwait(false);
            var model = (IKubernetesObject<V1ObjectMeta>)ModelCodec.DecodeStored(current.Json, type.ModelType);
            if (!keepResourceVersion)
            {
                model.Metadata.ResourceVersion = null;
            }
            if (!mutate(model))
            {
                return new ObjectResult(current.Json, 200, [], current.ResourceVersion);
            }
            var meta = model.Metadata ?? throw ApiErrors.BadRequest("metadata must be an object");
            var requestedRv = meta.ResourceVersion;
            if (!string.IsNullOrEmpty(requestedRv) && requestedRv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
            {
                throw ApiErrors.Conflict(type, name);
            }
            CheckKind(type, model.Kind, model.ApiVersion);
            model.Kind = type.Kind;
            model.ApiVersion = type.GroupVersion;
            CheckName(meta.Name, name);
            CheckNamespace(type, ns, meta.NamespaceProperty);
            // The base admission compares against: the version's shared model, which the informers have usually decoded
            // already. Admission only reads it, but the carry-over hands parts of it (status, or the spec of a status
            // write) to the admitted model, so the admitted model is not handed back to the caller, who may change it.
            var old = (IKubernetesObject<V1ObjectMeta>)ModelCodec.DecodeShared(current, type.ModelType);
            KeepSystemMetadata(meta, old.Metadata);
            var errors = new FieldErrors();
            var admitted = bypassStrategy ? model : (IKubernetesObject<V1ObjectMeta>)strategy.AdmitUpdateModel(model, old, statusOnly, errors);
            admitted.Metadata.ManagedFields ??= old.Metadata.ManagedFields;
            ValidateModelMetadata(type, admitted, errors);
            if (type == registry.PersistentVolumeClaims && !statusOnly && old.Metadata.DeletionTimestamp is null)
            {
                ValidateLimitRanges(type, ns, admitted);
            }
            using var charge = ChargesUpdates(type, statusOnly) && !bypassStrategy && store.Cache.Any(ResourceQuotas, ns)
                ? await ChargeQuotaAsync(type, ns, admitted, old, dryRun).ConfigureAwait(false)
                : null;
            var encoded = ModelCodec.EncodeForStore(admitted, out var metadataEnd);
            if (IsNoOp(current, encoded, metadataEnd))
            {
                // A no-op write keeps its resourceVersion and emits no event, as etcd3's GuaranteedUpdate does.
                return new ObjectResult(current.Json, 200, [], current.ResourceVersion);
            }
            if (dryRun)
            {
                // The registry's dry run answers with the current object's resourceVersion (store.go Update).
                return new ObjectResult(RevisionStamper.Splice(encoded, metadataEnd, current.ResourceVersion), 200, [], current.ResourceVersion);
            }
            // ShouldDeleteNamespaceDuringUpdate: a namespace's spec.finalizers hold it too.
            var finalizing = admitted.Metadata.DeletionTimestamp is not null && (admitted.Metadata.Finalizers?.Count ?? 0) == 0
                && !(admitted is V1Namespace { Spec.Finalizers.Count: > 0 });
            var command = finalizing
                ? new WriteCommand(WriteKind.Delete, type.StorageKey, ns, name, null, current.ResourceVersion)
                // The admitted model is never handed back to the caller, so nothing changes it once the new version shares it.
                : EncodedWrite(WriteKind.Update, type, ns, name, admitted, encoded, metadataEnd) with { ExpectedRevision = current.ResourceVersion };
            var result = await store.WriteAsync(command).ConfigureAwait(false);
            if (result.Succeeded)
            {
                charge?.Stored();
                return new ObjectResult(result.Object!.Json, 200, [], result.Object.ResourceVersion);
            }
            if (result.Outcome == WriteOutcome.NotFound)
            {
                throw ApiErrors.NotFound(type, name);
            }
            if (!string.IsNullOrEmpty(requestedRv) || attempt >= MaxUpdateRetries)
            {
                throw ApiErrors.Conflict(type, name);
            }
        }
    }

    /// <summary><see cref="PrepareUpdate"/>'s metadata rules on models: what only the server sets stays as stored.</summary>
    private static void KeepSystemMetadata(V1ObjectMeta meta, V1ObjectMeta old)
    {
        meta.Uid = old.Uid;
        meta.CreationTimestamp = old.CreationTimestamp;
        meta.DeletionTimestamp = old.DeletionTimestamp;
        meta.DeletionGracePeriodSeconds = old.DeletionGracePeriodSeconds;
        meta.Generation = old.Generation;
        meta.NamespaceProperty = old.NamespaceProperty;
        meta.Name = old.Name;
        meta.ResourceVersion = null;
        if (old.DeletionTimestamp is not null)
        {
            // Once deleting, finalizers may only be removed (apiserver: "no new finalizers can be added if the object is being deleted").
            var kept = (meta.Finalizers ?? []).Where(f => old.Finalizers?.Contains(f) == true).ToList();
            meta.Finalizers = kept.Count > 0 ? kept : null;
        }
    }

    /// <summary>
    /// The bytes this update would store are the stored ones. A stored form the model path did not write (managedFields
    /// appended by the JSON path, say) can differ in property order only, so equal lengths get a structural comparison.
    /// </summary>
    private static bool IsNoOp(StoredObject current, byte[] encoded, int metadataEnd)
    {
        if (metadataEnd <= 0)
        {
            return false;
        }
        if (RevisionStamper.IsStamped(current.Json, encoded, metadataEnd, current.ResourceVersion))
        {
            return true;
        }
        return RevisionStamper.StampedLength(encoded, metadataEnd, current.ResourceVersion) == current.Json.Length
            && ModelCodec.SameJson(RevisionStamper.Splice(encoded, metadataEnd, current.ResourceVersion), current.Json);
    }
}
