using System.Globalization;
using k8s;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Application.Webhooks;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>
    /// A create whose body arrived as JSON bytes. A typed kind's body is decoded once, straight from the bytes to its
    /// model, and takes <see cref="CreateModelAsync"/>'s path: no JsonNode tree, no re-serialization for the shape checks
    /// and the decode. Any other kind, and any body <see cref="ModelCodec.TryDecodeBody"/> declines, takes the JsonNode
    /// path, whose checks and messages stay the only ones a client sees.
    /// </summary>
    public async Task<ObjectResult> CreateAsync(ResourceType type, string ns, ReadOnlyMemory<byte> json, WriteOptions options)
    {
        json = Serialization.JsonSurrogates.Replace(json);
        if (strategies.For(type) is { DecodesModel: true } and ITypedCreate typed && !options.DryRun
            && !AllocatesOnWrite(type) && !webhooks.Intercepts(type, AdmissionOperation.Create, options.Subresource) && ModelCodec.TryDecodeBody(json.Span, typed.ModelType) is { } model)
        {
            return await CreateModelAsync(type, ns, model, options).ConfigureAwait(false);
        }
        var body = RequestBody.ParseObject(json, yaml: false, type.BodyType, out var duplicates);
        return await CreateAsync(type, ns, body, options with { BodyDuplicates = duplicates }).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="CreateAsync"/> for a model built in process: metadata is set on the model, admission runs on it,
    /// and it is encoded once, to its stored bytes. The model is the callee's until the result hands it back as
    /// <see cref="ObjectResult.Model"/>, which from then on is the stored version's shared model, read-only as an
    /// informer's object is (the informers take it instead of decoding the bytes just encoded from it). A dry run, and a
    /// body that brings managedFields of its own for a manager to be recorded into, take the JSON path.
    /// </summary>
    public async Task<ObjectResult> CreateModelAsync(ResourceType type, string ns, object model, WriteOptions options)
    {
        if (strategies.For(type) is not ITypedCreate typed || typed.ModelType != model.GetType()
            || model is not IKubernetesObject<V1ObjectMeta> obj || options.DryRun || AllocatesOnWrite(type) || webhooks.Intercepts(type, AdmissionOperation.Create, options.Subresource)
            || (options.Manager is not null && obj.Metadata?.ManagedFields is not null))
        {
            return await CreateAsync(type, ns, ModelCodec.Encode(model), options).ConfigureAwait(false);
        }
        ns = Scope(type, ns);
        CheckKind(type, obj.Kind, obj.ApiVersion);
        obj.Kind = type.Kind;
        obj.ApiVersion = type.GroupVersion;
        var meta = obj.Metadata ??= new V1ObjectMeta();
        var warnings = new List<string>();
        try
        {
            OwnerReferenceDedup.Dedup(meta, warnings, afterMutatingAdmission: false);
            CheckNamespace(type, ns, meta.NamespaceProperty);
            var name = meta.Name;
            // NamespaceLifecycle is mutating admission, which runs before rest.BeforeCreate requires a name.
            if (type.Namespaced)
            {
                await RequireNamespaceAsync(type, ns, string.IsNullOrEmpty(name) ? meta.GenerateName : name).ConfigureAwait(false);
            }
            if (string.IsNullOrEmpty(name) && string.IsNullOrEmpty(meta.GenerateName))
            {
                throw ApiErrors.Invalid(type, "", [new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
            }
            await AdmitPodCreateAsync(type, ns, model).ConfigureAwait(false);
            await AdmitRuntimeClassAsync(type, model).ConfigureAwait(false);
            AdmitCertificateSigningRequestCreate(model, options.User);
            AdmitPriorityClassWrite(type, model);
            AdmitIngressCreate(type, model);
            AdmitStorageCreate(type, model);
            var now = time.GetUtcNow();
            meta.NamespaceProperty = type.Namespaced ? ns : null;
            meta.Uid = Guid.NewGuid().ToString();
            // Second precision, as the JSON path's timestamp string has.
            meta.CreationTimestamp = KubeTime.Time(now);
            meta.ResourceVersion = null;
            meta.DeletionTimestamp = null;
            meta.DeletionGracePeriodSeconds = null;
            meta.SelfLink = null;
            ObjectMeta.OmitEmpty(meta);
            if (!type.UsesGeneration)
            {
                meta.Generation = null;
            }
            // Admission never reads the name, so one admission serves every generated-name attempt.
            var errors = new FieldErrors();
            typed.AdmitCreateModel(model, now, errors);
            for (var attempt = 0; ; attempt++)
            {
                meta.Name = string.IsNullOrEmpty(name) ? NameGenerator.Generate(meta.GenerateName) : name;
                ValidateModelMetadata(type, model, errors, !strategies.For(type).CreateValidationChecksObjectMeta);
                ValidateCreateBeforeWebhooks(type, ns, meta.Name, model, null, warnings);
                using var charge = await AdmitCreateValidatingAsync(type, ns, model, null, dryRun: false).ConfigureAwait(false);
                var command = EncodedCreate(type, ns, meta.Name, model, options, now);
                if (await StoreCreateAsync(type, command, retryable: string.IsNullOrEmpty(name) && attempt < MaxGenerateNameRetries, warnings).ConfigureAwait(false) is { } created)
                {
                    charge?.Stored();
                    // Stamped by ShareCommitted before any reader saw the model, unless that hook failed.
                    meta.ResourceVersion ??= created.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                    return created with { Model = model };
                }
            }
        }
        catch (ApiException ex) when (ex.Carrying(warnings))
        {
            throw;
        }
    }

    /// <summary>
    /// Runs on the writer before the cache or the change feed publishes <paramref name="stored"/>: with its
    /// resourceVersion the model is exactly what decoding the stored bytes gives, so every informer shares it.
    /// </summary>
    private static void ShareCommitted(StoredObject stored, IKubernetesObject<V1ObjectMeta> model)
    {
        model.Metadata.ResourceVersion = stored.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        stored.ShareModel(model);
    }
}
