using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Webhooks;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The one command path for every write, whether it comes over HTTP or from an in-process controller, so
/// that admission, validation and resourceVersion rules apply the same to both (kube-apiserver's generic
/// registry store: Create, GuaranteedUpdate, Delete).
/// </summary>
public sealed partial class ResourceService(
    ObjectStore store,
    ResourceRegistry registry,
    StrategyRegistry strategies,
    TimeProvider time,
    Services.ServiceAllocator allocator,
    Webhooks.AdmissionWebhooks webhooks)
{
    // etcd3 GuaranteedUpdate retries until it wins; with N writers on one key each round lets one through, so the bound is generous.
    private const int MaxUpdateRetries = 1000;

    // generateName collisions are retried a few times, then surface as AlreadyExists (upstream retries none; clients do).
    private const int MaxGenerateNameRetries = 8;

    public ObjectStore Store => store;
    public ResourceRegistry Registry => registry;

    public TimeProvider Time => time;

    /// <summary>A consistent read (other replicas' commits included), for GET and for the base of an update.</summary>
    public StoredObject Get(ResourceType type, string ns, string name)
    {
        store.CatchUpForRead();
        return store.Cache.Get(type.StorageKey, Scope(type, ns), name) ?? throw ApiErrors.NotFound(type, name);
    }

    /// <summary><see cref="Get"/> for request paths: waits for the database's committed revision without a thread.</summary>
    public async Task<StoredObject> GetAsync(ResourceType type, string ns, string name) =>
        await FindAsync(type, ns, name).ConfigureAwait(false) ?? throw ApiErrors.NotFound(type, name);

    /// <summary>
    /// <see cref="GetAsync"/>, null when there is no such object: a GET's 404 is written without an exception, which
    /// unwinding through the request's ~15 async frames made ~3x a found GET's CPU and ~9x its allocation (38 KB).
    /// </summary>
    public async Task<StoredObject?> FindAsync(ResourceType type, string ns, string name)
    {
        await store.CatchUpForReadAsync().ConfigureAwait(false);
        return store.Cache.Get(type.StorageKey, Scope(type, ns), name);
    }

    public StoredObject? TryGet(ResourceType type, string ns, string name) =>
        store.Cache.Get(type.StorageKey, Scope(type, ns), name);

    /// <param name="byPatch">
    /// A server-side apply that creates: handlers/patch.go dedups its owner references only after mutating admission,
    /// and its warning says so, as for any patch.
    /// </param>
    public async Task<ObjectResult> CreateAsync(ResourceType type, string ns, JsonObject body, WriteOptions options, bool byPatch = false)
    {
        ns = Scope(type, ns);
        var warnings = new List<string>();
        if (type.IsCustom)
        {
            RefuseCreateWhileTerminating(type);
        }
        try
        {
            var obj = Decode(type, body, options, warnings);
            var meta = ObjectMeta.Of(obj);
            OwnerReferenceDedup.Dedup(meta, warnings, afterMutatingAdmission: byPatch);
            CheckNamespace(type, ns, meta);
            var generateName = ObjectMeta.Str(meta, "generateName");
            var name = ObjectMeta.Str(meta, "name");
            // NamespaceLifecycle is mutating admission, which runs before rest.BeforeCreate requires a name.
            if (type.Namespaced)
            {
                await RequireNamespaceAsync(type, ns, string.IsNullOrEmpty(name) ? generateName : name).ConfigureAwait(false);
            }
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
            {
                throw ApiErrors.Invalid(type, "", [new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
            }
            await AdmitPodCreateAsync(type, ns, obj).ConfigureAwait(false);
            await AdmitRuntimeClassAsync(type, obj).ConfigureAwait(false);
            AdmitPriorityClassWrite(type, name ?? generateName ?? "", obj);
            AdmitIngressCreate(type, obj);
            AdmitStorageCreate(type, obj);
            var intercepted = webhooks.Intercepts(type, AdmissionOperation.Create, options.Subresource);
            if (intercepted)
            {
                obj = await MutateCreateAsync(type, ns, name, obj, options, warnings).ConfigureAwait(false);
                // A name a webhook set is the object's (BeforeCreate generates one only when there is none), and its
                // owner references are deduplicated again, as handlers/create.go does after mutating admission.
                name = ObjectMeta.Str(ObjectMeta.Of(obj), "name");
                generateName = ObjectMeta.Str(ObjectMeta.Of(obj), "generateName");
                if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(generateName))
                {
                    throw ApiErrors.Invalid(type, "", [new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
                }
                OwnerReferenceDedup.Dedup(ObjectMeta.Of(obj), warnings, afterMutatingAdmission: true);
                await ValidatePodServiceAccountAsync(type, ns, obj).ConfigureAwait(false);
            }
            // After mutating webhooks: the requester is written as PrepareForCreate writes it (no webhook can name
            // another), and CertificateSubjectRestriction, a validating plugin, sees the mutated request.
            AdmitCertificateSigningRequestCreate(type, obj, options.User);
            var now = time.GetUtcNow();
            for (var attempt = 0; ; attempt++)
            {
                // Only a generated name can be retried, and a retry must start from the unmodified body.
                var candidate = string.IsNullOrEmpty(name) ? obj.DeepClone().AsObject() : obj;
                var cmeta = ObjectMeta.Of(candidate);
                var finalName = string.IsNullOrEmpty(name) ? NameGenerator.Generate(generateName!) : name;
                cmeta["name"] = finalName;
                if (type.Namespaced)
                {
                    cmeta["namespace"] = ns;
                }
                else
                {
                    cmeta.Remove("namespace");
                }
                cmeta["uid"] = Guid.NewGuid().ToString();
                cmeta["creationTimestamp"] = ObjectMeta.Timestamp(now);
                cmeta.Remove("resourceVersion");
                cmeta.Remove("deletionTimestamp");
                cmeta.Remove("deletionGracePeriodSeconds");
                cmeta.Remove("selfLink");
                ObjectMeta.OmitEmpty(cmeta);
                if (!type.UsesGeneration)
                {
                    cmeta.Remove("generation");
                }
                var errors = new FieldErrors();
                var strategy = strategies.For(type);
                WriteCommand command;
                QuotaCharges.Charge? charge = null;
                try
                {
                    if (strategy.DecodesModel && strategy is ITypedCreate typed && !options.DryRun && !AllocatesOnWrite(type)
                        && (options.Manager is null || cmeta["managedFields"] is null))
                    {
                        // The admitted model goes straight to its stored bytes, and to the informers: nothing here keeps it.
                        var model = typed.AdmitCreateModel(candidate, now, errors);
                        ValidateModelMetadata(type, model, errors, !strategy.CreateValidationChecksObjectMeta);
                        ValidateCreateBeforeWebhooks(type, ns, finalName, model, null, warnings);
                        if (intercepted)
                        {
                            await ValidateCreateAsync(type, ns, finalName, ModelCodec.Encode(model), options, warnings).ConfigureAwait(false);
                        }
                        charge = await AdmitCreateValidatingAsync(type, ns, model, null, dryRun: false).ConfigureAwait(false);
                        command = EncodedCreate(type, ns, finalName, model, options, now);
                    }
                    else
                    {
                        candidate = strategy.AdmitCreate(candidate, now, errors);
                        TrackManagedFields(type, null, null, candidate, options, now, statusOnly: false);
                        ValidateMetadata(type, candidate, errors, !strategy.CreateValidationChecksObjectMeta);
                        ValidateCreateBeforeWebhooks(type, ns, finalName, null, candidate, warnings);
                        if (intercepted && !AllocatesOnWrite(type))
                        {
                            await ValidateCreateAsync(type, ns, finalName, candidate, options, warnings).ConfigureAwait(false);
                        }
                        charge = await AdmitCreateValidatingAsync(type, ns, null, candidate, options.DryRun).ConfigureAwait(false);
                        var allocated = AllocatesOnWrite(type) ? await allocator.AllocateAsync(candidate, options.DryRun).ConfigureAwait(false) : null;
                        if (intercepted && allocated is not null)
                        {
                            await ValidateAllocatedCreateAsync(type, ns, finalName, candidate, allocated, options, warnings).ConfigureAwait(false);
                        }
                        if (options.DryRun)
                        {
                            return new ObjectResult(JsonSerializer.SerializeToUtf8Bytes(candidate), 201, warnings, 0);
                        }
                        command = new WriteCommand(WriteKind.Create, type.StorageKey, ns, finalName, candidate);
                        if (allocated is { Count: > 0 })
                        {
                            if (await StoreAllocatedCreateAsync(type, command, allocated, string.IsNullOrEmpty(name) && attempt < MaxGenerateNameRetries, warnings).ConfigureAwait(false) is { } made)
                            {
                                charge?.Stored();
                                return made;
                            }
                            continue;
                        }
                    }
                    if (await StoreCreateAsync(type, command, retryable: string.IsNullOrEmpty(name) && attempt < MaxGenerateNameRetries, warnings).ConfigureAwait(false) is { } created)
                    {
                        charge?.Stored();
                        return created;
                    }
                }
                finally
                {
                    charge?.Dispose();
                }
            }
        }
        catch (ApiException ex) when (ex.Carrying(warnings))
        {
            throw;
        }
    }

    /// <summary>
    /// A create's write. With a manager, the first attempt records its managedFields entry; a later attempt (another
    /// generated name) finds it and encodes it as it is, since names are never owned.
    /// </summary>
    private WriteCommand EncodedCreate(ResourceType type, string ns, string name, object model, WriteOptions options, DateTimeOffset now)
    {
        if (options.Manager is { } manager && model is IMetadata<V1ObjectMeta> { Metadata: { ManagedFields: null } meta })
        {
            // The revision is the writer's to assign, but its digit count is all but certain (it changes at powers of
            // ten): writing a placeholder here lets the writer store these bytes instead of a copy with the field in.
            var digits = RevisionStamper.Digits(store.Revision + 1);
            // A pod's index comes off its model; other kinds' off the encoder's bytes, before the set goes in.
            var modelIndex = PodModelIndex.Of(model);
            var stamped = CreatedEntry.Encode(type, model, meta, manager, now, digits, modelIndex is null ? store.Indexer : null,
                out var end, out var placeholder, out var index);
            return EncodedWrite(WriteKind.Create, type, ns, name, model, stamped, end, placeholder, index ?? modelIndex);
        }
        var encoded = ModelCodec.EncodeForStore(model, out var metadataEnd);
        return EncodedWrite(WriteKind.Create, type, ns, name, model, encoded, metadataEnd);
    }

    /// <summary>
    /// The write of a model's stored form. Once committed, <paramref name="model"/> is the new version's shared model
    /// (<see cref="ShareCommitted"/>), so every caller hands over a model it neither keeps nor changes afterwards.
    /// </summary>
    private static WriteCommand EncodedWrite(WriteKind kind, ResourceType type, string ns, string name, object model, byte[] encoded, int metadataEnd,
        int revisionDigits = 0, ObjectIndex? index = null)
    {
        Action<StoredObject>? committed = model is IKubernetesObject<V1ObjectMeta> shared ? stored => ShareCommitted(stored, shared) : null;
        // The stored bytes are this model's encoding (plus managedFields and the revision, which no selector reads).
        index ??= PodModelIndex.Of(model);
        return metadataEnd > 0
            ? new WriteCommand(kind, type.StorageKey, ns, name, null)
            {
                Encoded = encoded, MetadataEnd = metadataEnd, RevisionDigits = revisionDigits, Index = index, Committed = committed,
            }
            : new WriteCommand(kind, type.StorageKey, ns, name, ModelCodec.Encode(model)) { Index = index, Committed = committed };
    }

    /// <summary>The created object, or null when a generated name collided and the caller may try another.</summary>
    private async Task<ObjectResult?> StoreCreateAsync(ResourceType type, WriteCommand command, bool retryable, List<string> warnings)
    {
        var result = await store.WriteAsync(command).ConfigureAwait(false);
        return result.Outcome switch
        {
            WriteOutcome.Ok => new ObjectResult(result.Object!.Json, 201, warnings, result.Object.ResourceVersion),
            WriteOutcome.AlreadyExists when retryable => null,
            _ => throw ApiErrors.AlreadyExists(type, command.Name),
        };
    }

    /// <summary>
    /// Read-modify-write with optimistic concurrency. <paramref name="mutate"/> gets a fresh copy of the
    /// current object; if the result carries a resourceVersion it must match (a client precondition, 409
    /// otherwise), and if it does not, a lost race with another writer is retried here, as upstream does.
    /// </summary>
    public async Task<ObjectResult> UpdateAsync(
        ResourceType type, string ns, string name, Func<JsonObject, JsonObject> mutate, bool statusOnly, WriteOptions options,
        List<string>? warnings = null, bool exposeResourceVersion = false, bool reportsPatchedObject = false, JsonObject? strategicPatch = null)
    {
        ns = Scope(type, ns);
        warnings ??= [];
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var current = await GetAsync(type, ns, name).ConfigureAwait(false);
                var currentObj = Parse(current);
                if (type.IsCustom)
                {
                    // Read as the storage version it is written back as (the None conversion), whichever version stored it.
                    currentObj["apiVersion"] = type.GroupVersion;
                }
                // The copy handed to the mutation carries no resourceVersion: only a caller that sets one (a PUT body, a
                // JSON patch of metadata.resourceVersion) pins the write; everyone else is retried on a lost race below.
                var copy = currentObj.DeepClone().AsObject();
                if (!exposeResourceVersion)
                {
                    ObjectMeta.Of(copy).Remove("resourceVersion");
                }
                var desired = mutate(copy);
                CheckEnvelope(desired);
                var requestedRv = ObjectMeta.Str(ObjectMeta.Of(desired), "resourceVersion");
                if (ParseBodyResourceVersion(requestedRv) == 0)
                {
                    // "0" asks for an unconditional update, as no resourceVersion does (the registry's doUnconditionalUpdate).
                    requestedRv = null;
                }
                if (!string.IsNullOrEmpty(requestedRv) && requestedRv != current.ResourceVersion.ToString(CultureInfo.InvariantCulture))
                {
                    throw ApiErrors.Conflict(type, name);
                }
                var errors = new FieldErrors();
                var intercepted = !options.BypassesWebhooks && webhooks.Intercepts(type, AdmissionOperation.Update, statusOnly ? "status" : options.Subresource);
                JsonObject prepared;
                try
                {
                    var obj = Decode(type, desired, options, warnings, patched: reportsPatchedObject || strategicPatch is not null);
                    var meta = ObjectMeta.Of(obj);
                    CheckName(ObjectMeta.Str(meta, "name"), name);
                    CheckNamespace(type, ns, meta);
                    if (intercepted)
                    {
                        // A transformer of the update's object, as handlers/update.go wraps mutating admission, so a retry calls again.
                        obj = await MutateUpdateAsync(type, ns, name, obj, currentObj, statusOnly, options, warnings).ConfigureAwait(false);
                    }
                    prepared = PrepareUpdate(type, obj, currentObj, current, statusOnly, options.Subresource, errors);
                }
                catch (ApiException ex) when (reportsPatchedObject && ex.DecodeError is not null)
                {
                    throw ApiErrors.PatchInvalid(PatchedObject(desired, current.ResourceVersion), ex.DecodeError);
                }
                catch (ApiException ex) when (strategicPatch is not null && ex.ConverterError is not null)
                {
                    throw ApiErrors.PatchInvalid(GoValueText.Of(strategicPatch), ex.ConverterError);
                }
                AdmitPriorityClassWrite(type, name, prepared);
                var touched = TrackManagedFields(type, currentObj, current.Json, prepared, options, time.GetUtcNow(), statusOnly);
                ValidateMetadata(type, prepared, errors);
                if (type == registry.PersistentVolumeClaims && !statusOnly && currentObj["metadata"]?["deletionTimestamp"] is null)
                {
                    ValidateLimitRanges(type, ns, prepared);
                }
                if (options.Subresource == PodStrategy.EphemeralContainersSubresource)
                {
                    // The ServiceAccount plugin validates before the webhooks, as the validating plugins are ordered.
                    await ValidateEphemeralContainerSecretsAsync(ns, prepared).ConfigureAwait(false);
                }
                AdmitPodSecurityUpdate(type, ns, name, prepared, currentObj, current, statusOnly ? "status" : options.Subresource, warnings);
                await AdmitCertificateSigningRequestUpdateAsync(type, prepared, currentObj, statusOnly, options).ConfigureAwait(false);
                if (intercepted)
                {
                    await ValidateUpdateAsync(type, ns, name, prepared, currentObj, statusOnly, options, warnings).ConfigureAwait(false);
                }
                using var charge = ChargesUpdates(type, statusOnly) && store.Cache.Any(ResourceQuotas, ns)
                    ? await ChargeUpdateAsync(type, ns, prepared, current, options.DryRun).ConfigureAwait(false)
                    : null;
                var finalizing = prepared["metadata"]?["deletionTimestamp"] is not null && ObjectMeta.Finalizers(ObjectMeta.Of(prepared)).Count == 0
                    && !HoldsNamespaceFinalizers(type, prepared);
                if (options.DryRun)
                {
                    // The registry's dry run updates the current object, so the answer carries its resourceVersion
                    // (store.go Update stamps it), whether or not the body named one.
                    ObjectMeta.Of(prepared)["resourceVersion"] = current.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                    return new ObjectResult(JsonSerializer.SerializeToUtf8Bytes(prepared), 200, warnings, current.ResourceVersion);
                }
                // Serialized here as the writer would, so that it only splices the revision in, and a write of the stored
                // bytes again is found to be a no-op without comparing trees. Not where allocation changes the object later.
                var encoded = finalizing || AllocatesOnWrite(type) ? null : RevisionStamper.Serialize(prepared);
                var metadataEnd = encoded is null ? -1 : ModelCodec.MetadataEnd(encoded);
                // A write the field diff saw change a field is not a no-op: the compares are for the rest.
                if (!touched && ((encoded is not null && RevisionStamper.IsStamped(current.Json, encoded, metadataEnd, current.ResourceVersion))
                    || IsNoOp(prepared, currentObj)))
                {
                    // A no-op write keeps its resourceVersion and emits no event, as etcd3's GuaranteedUpdate does.
                    return new ObjectResult(current.Json, 200, warnings, current.ResourceVersion);
                }
                var command = finalizing
                    ? new WriteCommand(WriteKind.Delete, type.StorageKey, ns, name, null, current.ResourceVersion)
                    : encoded is not null && metadataEnd > 0
                        ? new WriteCommand(WriteKind.Update, type.StorageKey, ns, name, null, current.ResourceVersion) { Encoded = encoded, MetadataEnd = metadataEnd }
                        : new WriteCommand(WriteKind.Update, type.StorageKey, ns, name, prepared, current.ResourceVersion);
                var allocated = AllocatesOnWrite(type) && !statusOnly && !finalizing
                    ? await allocator.AllocateUpdateAsync(prepared, currentObj, dryRun: false).ConfigureAwait(false)
                    : null;
                var result = await store.WriteAsync(command).ConfigureAwait(false);
                if (AllocatesOnWrite(type))
                {
                    await AfterAllocatingWriteAsync(result, allocated, currentObj, finalizing ? null : prepared).ConfigureAwait(false);
                }
                if (result.Succeeded)
                {
                    charge?.Stored();
                    return new ObjectResult(result.Object!.Json, 200, warnings, result.Object.ResourceVersion);
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
        catch (ApiException ex) when (ex.Carrying(warnings))
        {
            throw;
        }
    }

    /// <summary>
    /// A body's resourceVersion as the registry's Update reads it: one that is not a revision is a 422, not a 409 that
    /// says to retry (APIObjectVersioner.ObjectResourceVersion in apiserver/pkg/storage/api_object_versioner.go, whose
    /// NewInvalid has neither kind nor name), and 0 means none.
    /// </summary>
    private static ulong? ParseBodyResourceVersion(string? rv)
    {
        if (string.IsNullOrEmpty(rv))
        {
            return null;
        }
        if (ulong.TryParse(rv, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        var reason = rv.All(char.IsAsciiDigit) ? "value out of range" : "invalid syntax";
        var quoted = GoSyntax.Quote(rv);
        throw ApiErrors.Invalid("", "", "",
            [new StatusCause("FieldValueInvalid", $"Invalid value: {quoted}: strconv.ParseUint: parsing {quoted}: {reason}", "resourceVersion")]);
    }

    public Task<ObjectResult> ReplaceAsync(ResourceType type, string ns, string name, JsonObject body, bool statusOnly, WriteOptions options)
    {
        // handlers/update.go decodes the body and checks its name before the registry looks the object up or compares
        // resourceVersions: a misnamed body is a 400 even for an object that is missing or has moved on.
        CheckEnvelope(body);
        CheckKind(type, ObjectMeta.Str(body, "kind"), ObjectMeta.Str(body, "apiVersion"));
        CheckName(ObjectMeta.Str(ObjectMeta.Of(body), "name"), name);
        var warnings = new List<string>();
        // Once, before the attempts: each one starts from a copy of the deduped body.
        OwnerReferenceDedup.Dedup(body["metadata"] as JsonObject, warnings, afterMutatingAdmission: false);
        var uid = ObjectMeta.Str(ObjectMeta.Of(body), "uid");
        return UpdateAsync(type, ns, name, current =>
        {
            // A body's uid is a precondition, checked before its resourceVersion (apiserver's defaultUpdatedObjectInfo
            // .Preconditions, checked by etcd3's GuaranteedUpdate): a write meant for an object that was deleted and
            // created again under the same name must not land on the new one.
            if (!string.IsNullOrEmpty(uid) && ObjectMeta.Str(ObjectMeta.Of(current), "uid") is { } currentUid && uid != currentUid)
            {
                throw ApiErrors.StoragePreconditionFailed(type, ns, name, ApiErrors.UidPrecondition(uid, currentUid));
            }
            return body.DeepClone().AsObject();
        }, statusOnly, options, warnings);
    }

    /// <summary>Equal apart from resourceVersion, which the prepared object never carries (the writer stamps it).</summary>
    private static bool IsNoOp(JsonObject prepared, JsonObject current)
    {
        var rv = ObjectMeta.Of(current)["resourceVersion"];
        ObjectMeta.Of(current).Remove("resourceVersion");
        var same = JsonNode.DeepEquals(prepared, current) || SameButManagedFieldsTimes(prepared, current);
        ObjectMeta.Of(current)["resourceVersion"] = rv;
        return same;
    }

    /// <summary>
    /// IgnoreManagedFieldsTimestampsTransformer (fieldmanager): a write whose only change is the time of managedFields
    /// entries (a server-side apply or an update that changed nothing, a second later) keeps the old times, so the
    /// store finds it a no-op.
    /// </summary>
    private static bool SameButManagedFieldsTimes(JsonObject prepared, JsonObject current)
    {
        var (newMeta, oldMeta) = (ObjectMeta.Of(prepared), ObjectMeta.Of(current));
        // Equal entries mean the difference lies elsewhere: the common case of a real change answers here.
        if (newMeta["managedFields"] is not JsonArray newEntries || oldMeta["managedFields"] is not JsonArray oldEntries
            || newEntries.Count != oldEntries.Count || JsonNode.DeepEquals(newEntries, oldEntries))
        {
            return false;
        }
        for (var i = 0; i < newEntries.Count; i++)
        {
            if (newEntries[i] is not JsonObject a || oldEntries[i] is not JsonObject b || a.Count != b.Count
                || a.Any(p => p.Key != "time" && !JsonNode.DeepEquals(p.Value, b[p.Key])))
            {
                return false;
            }
        }
        newMeta.Remove("managedFields");
        oldMeta.Remove("managedFields");
        var same = JsonNode.DeepEquals(prepared, current);
        newMeta["managedFields"] = newEntries;
        oldMeta["managedFields"] = oldEntries;
        return same;
    }

    public List<StoredObject> ListAll(ResourceType type, string? ns = null) =>
        store.Cache.List(type.StorageKey, ns).Items;

    private JsonObject PrepareUpdate(ResourceType type, JsonObject obj, JsonObject current, StoredObject stored, bool statusOnly, string? subresource, FieldErrors errors)
    {
        var meta = ObjectMeta.Of(obj);
        var oldMeta = ObjectMeta.Of(current);
        // apiserver's BeforeUpdate fills an empty uid from the stored object and keeps any other, which
        // ValidateObjectMetaUpdate then refuses as immutable (a PUT's differing uid was already a 409 precondition).
        if (ObjectMeta.Str(meta, "uid") is { Length: > 0 } uid && ObjectMeta.Str(oldMeta, "uid") is { } oldUid && uid != oldUid)
        {
            errors.Immutable("metadata.uid", uid);
        }
        foreach (var field in new[] { "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation", "namespace", "name" })
        {
            if (oldMeta[field] is { } v)
            {
                meta[field] = v.DeepClone();
            }
            else
            {
                meta.Remove(field);
            }
        }
        meta.Remove("resourceVersion");
        ObjectMeta.OmitEmpty(meta);
        if (oldMeta["deletionTimestamp"] is not null)
        {
            // Once deleting, finalizers may only be removed (apiserver: "no new finalizers can be added if the object is being deleted").
            var oldFinalizers = ObjectMeta.Finalizers(oldMeta);
            var kept = ObjectMeta.Finalizers(meta).Where(oldFinalizers.Contains).ToList();
            ObjectMeta.SetFinalizers(meta, kept);
        }
        var strategy = strategies.For(type);
        return (subresource, strategy) switch
        {
            (PodStrategy.EphemeralContainersSubresource, PodStrategy pods) => pods.AdmitEphemeralContainersUpdate(obj, current, stored, errors),
            (CertificateSigningRequestStrategy.ApprovalSubresource, CertificateSigningRequestStrategy csrs) => csrs.AdmitApprovalUpdate(obj, current, errors),
            _ => strategy.AdmitUpdate(obj, current, stored, statusOnly, errors),
        };
    }

    /// <summary>
    /// Records the fields a non-apply writer set, so a later server-side apply can name it in a conflict. True when the
    /// write changed or removed a field a manager can own; false when it did not, or when no manager was named.
    /// </summary>
    /// <param name="oldJson">The stored bytes <paramref name="old"/> was parsed from, which the field diff reads.</param>
    private static bool TrackManagedFields(ResourceType type, JsonObject? old, byte[]? oldJson, JsonObject obj, WriteOptions options, DateTimeOffset now, bool statusOnly)
    {
        var meta = ObjectMeta.Of(obj);
        var oldManaged = old is null ? null : ObjectMeta.Of(old)["managedFields"] as JsonArray;
        if (options.Manager is not { } manager)
        {
            if (meta["managedFields"] is null && oldManaged is not null)
            {
                meta["managedFields"] = oldManaged.DeepClone();
            }
            return false;
        }
        var current = meta["managedFields"] as JsonArray ?? oldManaged;
        using var oldDoc = oldJson is null ? null : JsonDocument.Parse(oldJson);
        // A created pod's token volume is nobody's, as in the typed path (TokenVolumeFields).
        var owned = old is null && type.ModelType == typeof(V1Pod) ? Patching.TokenVolumeFields.Without(obj) : obj;
        var recorded = Patching.ServerSideApply.RecordUpdate(oldDoc?.RootElement, owned, current, manager, type.GroupVersion, now, type.FieldsType,
            resetStatus: type.HasStatus && !statusOnly, subresource: statusOnly ? "status" : options.Subresource, out var touched);
        Patching.ServerSideApply.StoreManagedFields(meta, recorded);
        return touched;
    }

    /// <summary>Name, label and annotation rules every kind shares; raises the strategy's errors too, as one 422.</summary>
    private void ValidateMetadata(ResourceType type, JsonObject obj, FieldErrors errors, bool onlyIfStrategyPassed = false)
    {
        var meta = ObjectMeta.Of(obj);
        var name = ObjectMeta.Str(meta, "name") ?? "";
        var strategyCauses = errors.Count;
        ValidateName(type, name, errors);
        ObjectMetaValidation.ValidateLabelsAndAnnotations(meta, errors);
        ObjectMetaValidation.ValidateOwnersAndFinalizers(meta, errors);
        ThrowIfInvalid(type, name, errors, strategyCauses, onlyIfStrategyPassed);
    }

    /// <summary>The same rules read straight from a model's metadata.</summary>
    private void ValidateModelMetadata(ResourceType type, object model, FieldErrors errors, bool onlyIfStrategyPassed = false)
    {
        if (model is not IMetadata<V1ObjectMeta> { Metadata: { } meta })
        {
            ValidateMetadata(type, ModelCodec.Encode(model), errors, onlyIfStrategyPassed);
            return;
        }
        var name = meta.Name ?? "";
        var strategyCauses = errors.Count;
        ValidateName(type, name, errors);
        ObjectMetaValidation.ValidateLabelsAndAnnotations(meta.Labels, meta.Annotations, errors);
        ObjectMetaValidation.ValidateOwnersAndFinalizers(meta.OwnerReferences, meta.Finalizers, errors);
        ThrowIfInvalid(type, name, errors, strategyCauses, onlyIfStrategyPassed);
    }

    private void ValidateName(ResourceType type, string name, FieldErrors errors)
    {
        if (registry.KindOf(type).NameError(name) is { } nameError)
        {
            errors.Invalid("metadata.name", name, nameError);
        }
    }

    /// <summary>
    /// The metadata's causes (those after <paramref name="strategyCauses"/>) lead: upstream's ValidatePod and the rest
    /// start with ValidateObjectMeta (pkg/apis/core/validation/validation.go), before the strategy's own fields.
    /// With <paramref name="onlyIfStrategyPassed"/> (a create of a kind whose validation has no ValidateObjectMeta), the
    /// strategy's causes stand alone, as rest.BeforeCreate returns them before ValidateObjectMetaAccessor runs.
    /// </summary>
    private static void ThrowIfInvalid(ResourceType type, string name, FieldErrors errors, int strategyCauses, bool onlyIfStrategyPassed)
    {
        if (onlyIfStrategyPassed && strategyCauses > 0)
        {
            errors.RemoveFrom(strategyCauses);
        }
        if (errors.Any)
        {
            errors.MoveToFront(strategyCauses);
            throw ApiErrors.Invalid(type, name, errors.Causes);
        }
    }

    /// <summary>
    /// ShouldDeleteNamespaceDuringUpdate: a Terminating namespace is deleted by an update only once its spec.finalizers
    /// are gone too; until then only its own DELETE removes it, when it is empty.
    /// </summary>
    private bool HoldsNamespaceFinalizers(ResourceType type, JsonObject obj) =>
        type == registry.Namespaces && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 };

    private static string VersionOf(string? apiVersion) => apiVersion is null ? "" : apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>
    /// The patched object as jsonPatcher reports it: the current object (its resourceVersion included) with the patch
    /// applied. Nested keys keep this serialization's order, which can differ from Go's encoder.
    /// </summary>
    /// <param name="resourceVersion">The live object's, which the patched object carries unless the patch removed it; null for none.</param>
    private static string PatchedObject(JsonObject desired, long? resourceVersion)
    {
        // json-patch marshals its result as a Go map, so the top-level keys come out sorted; nested ones keep their order.
        var patched = new JsonObject(desired.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        if (resourceVersion is { } rv && patched["metadata"] is JsonObject meta && !meta.ContainsKey("resourceVersion"))
        {
            meta["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture);
        }
        // Go's encoder escapes <, > and & (and U+2028, U+2029) in lower-case hex, and no other printable character; those
        // characters appear in JSON text only inside strings, so replacing them afterwards escapes just those.
        return patched.ToJsonString(RelaxedJson)
            .Replace("<", "\\u003c", StringComparison.Ordinal).Replace(">", "\\u003e", StringComparison.Ordinal)
            .Replace("&", "\\u0026", StringComparison.Ordinal).Replace("\u2028", "\\u2028", StringComparison.Ordinal)
            .Replace("\u2029", "\\u2029", StringComparison.Ordinal);
    }

    // A body may nest 512 deep (RequestBody), and the patch sits under the object's own fields: twice that leaves room.
    private static readonly JsonSerializerOptions RelaxedJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1024 };

    /// <summary>Checks apiVersion and kind, applies fieldValidation, and normalises kinds whose admission does not decode.</summary>
    private JsonObject Decode(ResourceType type, JsonObject body, WriteOptions options, List<string> warnings, bool patched = false)
    {
        CheckEnvelope(body);
        if (type.IsCustom)
        {
            return DecodeCustom(type, body, options, warnings, patched);
        }
        Patching.StringMapNulls.ToEmpty(body, type.ModelType);
        var apiVersion = ObjectMeta.Str(body, "apiVersion");
        var kind = ObjectMeta.Str(body, "kind");
        CheckKind(type, kind, apiVersion);
        if (string.IsNullOrEmpty(kind))
        {
            body["kind"] = type.Kind;
        }
        if (string.IsNullOrEmpty(apiVersion))
        {
            body["apiVersion"] = type.GroupVersion;
        }
        CheckStrictDecode(body, type.ModelType, type.Kind, options, warnings, patched);
        // A typed strategy decodes (and so type-checks and drops unknown fields) during admission anyway, but only after
        // the server-owned metadata (generation, creationTimestamp, ...) is replaced: upstream decodes the whole body
        // first, so a mistyped one of those is a 400 there too. The metadata alone is decoded for that.
        if (strategies.For(type).DecodesModel)
        {
            if (body["metadata"] is JsonObject metadata)
            {
                ModelCodec.Decode(new JsonObject { ["metadata"] = metadata.DeepClone() }, type.ModelType);
            }
            return body;
        }
        return ModelCodec.Encode(ModelCodec.Decode(body, type.ModelType));
    }

    /// <summary>
    /// fieldValidation over a body that decodes into <paramref name="modelType"/>: its unknown and repeated fields, and
    /// the patch's own strict errors, are warnings under Warn and the refusal under Strict.
    /// </summary>
    /// <param name="pruned">With no <paramref name="modelType"/> (a custom resource), the fields its schema pruned.</param>
    private static void CheckStrictDecode(JsonObject body, Type? modelType, string kind, WriteOptions options, List<string> warnings, bool patched,
        IReadOnlyList<string>? pruned = null)
    {
        if (options.FieldValidation == "Ignore")
        {
            return;
        }
        var unknown = modelType is null ? pruned ?? [] : ModelCodec.UnknownFields(body, modelType);
        if (unknown.Count == 0 && options.PatchStrictErrors.Count == 0 && options.BodyDuplicates is null)
        {
            return;
        }
        List<string> strictErrors = [.. options.PatchStrictErrors, .. BodyDuplicates.StrictErrors(options.BodyDuplicates, unknown)];
        // A YAML body's repeated keys are YAMLToJSONStrict's one error, ahead of the JSON decode's (json.go's unmarshal).
        var yamlError = options.BodyDuplicates?.YamlError;
        if (strictErrors.Count == 0 && yamlError is null)
        {
            return;
        }
        // A type error trumps them, under Warn too (no warning is given): json.go's Decode returns unmarshal's error
        // instead of the strict ones, and handlers/patch.go's "Non-strict errors trump in this case".
        if (modelType is not null)
        {
            ModelCodec.Decode(body, modelType);
        }
        if (options.FieldValidation == "Strict")
        {
            var error = "strict decoding error: " + string.Join(", ", yamlError is null ? strictErrors : strictErrors.Prepend(yamlError));
            if (patched)
            {
                // handlers/patch.go refuses a patch's result as Invalid, naming the patched object (JSON and merge
                // patches) or the patch map (strategic), as it does a result that does not decode at all.
                throw new ApiException(400, "BadRequest", error) { DecodeError = error, ConverterError = error };
            }
            // The create and update handlers put transformDecodeError's words before it, naming the kind and version the body gave.
            throw ApiErrors.BadRequest($"{body["kind"]} in version \"{VersionOf(ObjectMeta.Str(body, "apiVersion"))}\" cannot be handled as a {kind}: {error}");
        }
        // addStrictDecodingWarnings warns of each of go-yaml's lines on its own.
        warnings.AddRange(options.BodyDuplicates?.YamlLines ?? []);
        warnings.AddRange(strictErrors);
    }

    /// <summary>kind and apiVersion must be strings and metadata an object before anything reads them loosely.</summary>
    private static void CheckEnvelope(JsonObject body)
    {
        foreach (var field in new[] { "kind", "apiVersion" })
        {
            if (body[field] is { } v && (v is not JsonValue value || !value.TryGetValue<string>(out _)))
            {
                throw ApiErrors.BadRequest($"{field} must be a string");
            }
        }
        if (body["metadata"] is { } m && m is not JsonObject)
        {
            throw ApiErrors.BadRequest("metadata must be an object");
        }
    }

    /// <summary>An empty kind or apiVersion takes the resource's; a different one is refused.</summary>
    private static void CheckKind(ResourceType type, string? kind, string? apiVersion)
    {
        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.GroupVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.GroupVersion})");
        }
    }

    private static void CheckNamespace(ResourceType type, string ns, JsonObject meta) =>
        CheckNamespace(type, ns, ObjectMeta.Str(meta, "namespace"));

    private static void CheckNamespace(ResourceType type, string ns, string? bodyNs)
    {
        if (type.Namespaced && !string.IsNullOrEmpty(bodyNs) && bodyNs != ns)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    /// <summary>
    /// The NamespaceLifecycle admission plugin (plugin/pkg/admission/namespace/lifecycle/admission.go): the namespace
    /// from the cache, as upstream's lister, while the cache holds every commit other replicas announced; a namespace
    /// the cache lacks, or a cache behind an announced commit (a Terminating mark just set elsewhere), is looked up at
    /// the database's committed revision, as upstream's live GET. On PostgreSQL a consistent read on every create cost a
    /// revision read there, and a round trip, before admission; on SQLite nothing is ever announced or behind.
    /// </summary>
    private async Task RequireNamespaceAsync(ResourceType type, string ns, string? name)
    {
        var nsObj = store.BehindAnnouncedCommits ? null : store.Cache.Get(registry.Namespaces.StorageKey, "", ns);
        if (nsObj is null)
        {
            await store.CatchUpForReadAsync().ConfigureAwait(false);
            nsObj = store.Cache.Get(registry.Namespaces.StorageKey, "", ns) ?? throw ApiErrors.NotFound(registry.Namespaces, ns);
        }
        // A stored object never changes (a write stores a new one), so its answer is kept with it.
        var terminating = NamespaceTerminating.GetValue(nsObj, static o => new StrongBox<bool>(ObjectMeta.Of(Parse(o))["deletionTimestamp"] is not null));
        if (terminating.Value)
        {
            throw ApiErrors.NamespaceTerminating(type, ns, name);
        }
    }

    private static readonly ConditionalWeakTable<StoredObject, StrongBox<bool>> NamespaceTerminating = new();

    /// <summary>
    /// rest.go checkName, on a PUT's body and a PATCH's result (server-side apply's create included): an object without a
    /// name fails ContextBasedNaming.ObjectName (errEmptyName), one with another name does not match the URL.
    /// </summary>
    private static void CheckName(string? bodyName, string name)
    {
        if (string.IsNullOrEmpty(bodyName))
        {
            throw ApiErrors.BadRequest($"the name of the object ({name} based on URL) was undeterminable: name must be provided");
        }
        if (bodyName != name)
        {
            throw ApiErrors.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
    }

    private static string Scope(ResourceType type, string ns) => type.Namespaced ? ns : "";

    public static JsonObject Parse(StoredObject obj) => JsonNode.Parse(obj.Json)!.AsObject();
}
