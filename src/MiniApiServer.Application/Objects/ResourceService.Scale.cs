using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.CustomResources;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Patching;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The scale subresource (pkg/registry/apps/deployment/storage/storage.go ScaleREST and its ReplicaSet twin):
/// an autoscaling/v1 Scale view of spec.replicas, status.replicas and the selector. A write changes only
/// spec.replicas, through the owning kind's strategy, so generation and validation follow the parent.
/// </summary>
public sealed partial class ResourceService
{
    public async Task<JsonObject> GetScaleAsync(ResourceType type, string ns, string name) =>
        ScaleOf(Parse(await GetAsync(ScaleStore(type), ns, name).ConfigureAwait(false)), CustomScale(type));

    /// <summary>A custom resource's version's own scale paths (scale is per version, like its schema).</summary>
    private CustomResourceScale? CustomScale(ResourceType type) => type.IsCustom ? (registry.KindOf(type) as CustomResourceKind)?.Scale : null;

    /// <summary>Where the objects behind <paramref name="type"/>'s scale are: a custom resource's every version reads its storage version's store.</summary>
    private ResourceType ScaleStore(ResourceType type) =>
        type.IsCustom && registry.KindOf(type).Conversion is { } conversion ? registry.ByStorageKey(conversion.StorageResource) ?? type : type;

    /// <summary>A PUT of a Scale body; its resourceVersion, when set, is a precondition on the parent.</summary>
    public Task<ScaleResult> ReplaceScaleAsync(ResourceType type, string ns, string name, JsonObject scale, WriteOptions options)
    {
        // The update handler decodes the body, fieldValidation included, before it looks for the object; the decoder
        // takes the kind and version the body leaves out from the endpoint.
        if (string.IsNullOrEmpty(ObjectMeta.Str(scale, "kind")))
        {
            scale["kind"] = "Scale";
        }
        if (string.IsNullOrEmpty(ObjectMeta.Str(scale, "apiVersion")))
        {
            scale["apiVersion"] = "autoscaling/v1";
        }
        var warnings = new List<string>();
        CheckStrictDecode(scale, typeof(V1Scale), "Scale", options, warnings, patched: false);
        return UpdateScaleAsync(type, ns, name, _ => scale, options, isPatch: false, warnings);
    }

    /// <summary>A PATCH of the Scale view, applied to the Scale as it is now.</summary>
    public Task<ScaleResult> PatchScaleAsync(ResourceType type, string ns, string name, PatchType patchType, ReadOnlyMemory<byte> body, WriteOptions options)
    {
        if (patchType == PatchType.Apply)
        {
            throw ApiErrors.UnsupportedPatchType();
        }
        var patch = RequestBody.Parse(body, yaml: false, null, out var duplicates);
        var warnings = new List<string>();
        // The same patcher serves /scale: its strict decode refuses a body of the wrong shape once the parent is found,
        // and the patched Scale is decoded as a patched object is, a wrong type or (under Strict) an unknown field its 422.
        return UpdateScaleAsync(type, ns, name, current =>
        {
            var patchErrors = PatchStrictDecode.Errors(patchType, patch, duplicates, options.FieldValidation);
            JsonObject patched;
            try
            {
                patched = patchType switch
                {
                    PatchType.Json => JsonPatch.ApplyRequest(current, patch),
                    PatchType.Merge => JsonMergePatch.Apply(current, patch),
                    _ => StrategicMergePatch.Apply(current, patch as JsonObject ?? throw ApiErrors.BadRequest("strategic merge patch must be an object"), typeof(V1Scale)),
                } as JsonObject ?? throw new ApiException(422, "Invalid", "the patch produced a value that is not an object");
            }
            catch (PatchException ex)
            {
                throw new ApiException(422, "Invalid", ex.Message);
            }
            try
            {
                CheckStrictDecode(patched, typeof(V1Scale), "Scale", options with { PatchStrictErrors = patchErrors, BodyDuplicates = null }, warnings, patched: true);
                ModelCodec.Decode(patched, typeof(V1Scale));
            }
            // As UpdateAsync reports an object's patch: a strategic one names the patch map and the converter's error.
            catch (ApiException ex) when (patchType == PatchType.StrategicMerge && ex.ConverterError is not null)
            {
                throw ApiErrors.PatchInvalid(GoValueText.Of(patch), ex.ConverterError);
            }
            catch (ApiException ex) when (patchType != PatchType.StrategicMerge && ex.DecodeError is not null)
            {
                throw ApiErrors.PatchInvalid(PatchedObject(patched, null), ex.DecodeError);
            }
            return patched;
        }, options, isPatch: true, warnings);
    }

    private async Task<ScaleResult> UpdateScaleAsync(
        ResourceType type, string ns, string name, Func<JsonObject, JsonObject> change, WriteOptions options, bool isPatch, List<string> warnings)
    {
        var custom = CustomScale(type);
        var result = await UpdateAsync(ScaleStore(type), ns, name, parent =>
        {
            var current = ScaleOf(parent, custom);
            var liveRv = ObjectMeta.Str(ObjectMeta.Of(current), "resourceVersion");
            var desired = change(current);
            var scale = ModelCodec.Decode<V1Scale>(desired);
            CheckName(scale.Metadata?.Name, name);
            var replicas = scale.Spec?.Replicas ?? 0;
            if (replicas < 0)
            {
                var errors = new FieldErrors();
                errors.Invalid("spec.replicas", replicas, "must be greater than or equal to 0");
                throw ApiErrors.Invalid("autoscaling", "Scale", name, errors.Causes);
            }
            // A PUT's resourceVersion is a precondition; a patch's only when the patch changed it. Otherwise a lost
            // race with the controller's status writes is retried, as upstream's scale update is.
            ObjectMeta.Of(parent).Remove("resourceVersion");
            if (scale.Metadata?.ResourceVersion is { Length: > 0 } rv && (!isPatch || rv != liveRv))
            {
                ObjectMeta.Of(parent)["resourceVersion"] = rv;
            }
            if (custom is not null)
            {
                CustomScalePaths.Set(parent, custom.SpecReplicasPath, replicas);
                return parent;
            }
            var spec = parent["spec"] as JsonObject ?? [];
            parent["spec"] = spec;
            spec["replicas"] = replicas;
            return parent;
        },
        statusOnly: false,
        // The Scale's strict errors were counted on the Scale; the parent, from its stored form, has none of its own.
        options with { Subresource = "scale", PatchStrictErrors = [], BodyDuplicates = null },
        warnings,
        exposeResourceVersion: true).ConfigureAwait(false);
        return new ScaleResult(ScaleOf(JsonNode.Parse(result.Json)!.AsObject(), custom), result.Warnings);
    }

    /// <summary>
    /// The Scale's status.selector: a LabelSelector's string form, or for a ReplicationController, whose selector is a
    /// label map, labels.SelectorFromSet(rc.Spec.Selector).String() (pkg/registry/core/replicationcontroller/storage/storage.go scaleFromRC).
    /// </summary>
    private static string SelectorText(JsonObject parent, JsonObject selector) => ObjectMeta.Str(parent, "kind") == "ReplicationController"
        ? string.Join(",", selector.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value?.GetValue<string>()}"))
        : LabelSelector.FromModel(ModelCodec.Decode<V1LabelSelector>(selector)).ToString();

    /// <summary>scaleFromDeployment / scaleFromReplicaSet / scaleFromRC, or a custom resource's scaleFromCustomResource (its CRD's paths).</summary>
    private static JsonObject ScaleOf(JsonObject parent, CustomResourceScale? custom)
    {
        var meta = ObjectMeta.Of(parent);
        var spec = parent["spec"] as JsonObject;
        var status = parent["status"] as JsonObject;
        var selector = custom is not null
            ? custom.LabelSelectorPath is { } selectorPath ? CustomScalePaths.String(parent, selectorPath) ?? "" : ""
            : spec?["selector"] is JsonObject s ? SelectorText(parent, s) : "";
        var specReplicas = custom is not null ? CustomScalePaths.Int(parent, custom.SpecReplicasPath) : spec?["replicas"]?.GetValue<int>() ?? 0;
        var statusReplicas = custom is not null ? CustomScalePaths.Int(parent, custom.StatusReplicasPath) : status?["replicas"]?.GetValue<int>() ?? 0;
        var scaleMeta = new JsonObject
        {
            ["name"] = meta["name"]?.DeepClone(),
            ["namespace"] = meta["namespace"]?.DeepClone(),
            ["uid"] = meta["uid"]?.DeepClone(),
            ["resourceVersion"] = meta["resourceVersion"]?.DeepClone(),
            ["creationTimestamp"] = meta["creationTimestamp"]?.DeepClone(),
        };
        var scaleStatus = new JsonObject { ["replicas"] = statusReplicas };
        if (selector.Length > 0)
        {
            scaleStatus["selector"] = selector;
        }
        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = scaleMeta,
            ["spec"] = new JsonObject { ["replicas"] = specReplicas },
            ["status"] = scaleStatus,
        };
    }
}
