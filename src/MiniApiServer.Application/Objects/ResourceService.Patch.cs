using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Patching;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <param name="served">
    /// For a resource served from another's store: the patch addresses the served version (its schema for strategic
    /// merge and apply), and <paramref name="type"/> is the stored one.
    /// </param>
    public async Task<ObjectResult> PatchAsync(
        ResourceType type, string ns, string name, PatchType patchType, ReadOnlyMemory<byte> body, bool statusOnly, WriteOptions options, bool force,
        ServedVersion? served = null)
    {
        var view = served?.Type ?? type;
        JsonObject In(JsonObject stored) => served is null ? stored : served.Conversion.FromStorage(stored);
        JsonObject Out(JsonObject patched) => served is null ? patched : served.Conversion.ToStorage(patched);
        // Every patch is decoded untyped (a map, []jsonPatchOp's interface{} values, YAML), so a repeated key's last value wins.
        var patch = RequestBody.Parse(body, yaml: patchType == PatchType.Apply, null, out var duplicates);
        var strictDecode = options.FieldValidation is "Warn" or "Strict";
        // A patch's owner references are deduped only once patched, after mutating admission (handlers/patch.go).
        var warnings = new List<string>();
        JsonObject Deduped(JsonObject patched)
        {
            OwnerReferenceDedup.Dedup(patched["metadata"] as JsonObject, warnings, afterMutatingAdmission: true);
            return patched;
        }
        // applyPatcher's yaml.UnmarshalStrict of the configuration, which upstream runs once fieldManager.Apply has
        // succeeded (its TODO keeps it there): a conflict or a bad configuration is refused first.
        void CheckRepeatedKeys()
        {
            if (strictDecode && duplicates?.YamlError is { } yamlError)
            {
                if (options.FieldValidation == "Strict")
                {
                    throw ApiErrors.BadRequest($"error strict decoding YAML: error converting YAML to JSON: {yamlError}");
                }
                warnings.AddRange(duplicates.YamlLines);
            }
        }
        if (patchType == PatchType.Apply)
        {
            if (patch is not JsonObject applied)
            {
                throw ApiErrors.BadRequest("the apply patch must be an object");
            }
            if (string.IsNullOrEmpty(ObjectMeta.Str(applied, "apiVersion")) || string.IsNullOrEmpty(ObjectMeta.Str(applied, "kind")))
            {
                // Apply configurations are self-describing; upstream's decoder refuses one without apiVersion and kind.
                throw ApiErrors.BadRequest("apply patches must set apiVersion and kind");
            }
            // Type-check the configuration before field sets are computed from it, as upstream parses it against the schema first.
            CheckEnvelope(applied);
            if (!view.IsCustom)
            {
                ModelCodec.Decode(applied, view.ModelType);
            }
            if (!view.IsCustom && ModelCodec.UnknownFields(applied, view.ModelType) is { Count: > 0 } unknown)
            {
                // structured-merge-diff cannot own a field the schema lacks; upstream refuses the apply.
                throw ApiErrors.BadRequest(string.Join(", ", unknown.Select(u => $".{u}: field not declared in schema")));
            }
            if (string.IsNullOrEmpty(options.FieldManager))
            {
                throw ApiErrors.BadRequest("PATCH, application/apply-patch+yaml requests must have a fieldManager query parameter");
            }
            if (TryGet(type, ns, name) is null)
            {
                if (statusOnly || options.Subresource is not null)
                {
                    // A subresource never creates its object (StatusREST and EphemeralContainersREST pass forceAllowCreate=false).
                    throw ApiErrors.NotFound(type, name);
                }
                CheckName(ObjectMeta.Str(ObjectMeta.Of(applied), "name"), name);
                var fresh = ServerSideApply.Apply(null, applied, view.FieldsType, options.FieldManager, force, time.GetUtcNow());
                CheckRepeatedKeys();
                var created = await CreateAsync(type, ns, Out(fresh.Object), options.WithoutManager(), byPatch: true).ConfigureAwait(false);
                return warnings.Count == 0 ? created : created with { Warnings = [.. warnings, .. created.Warnings] };
            }
            return await UpdateAsync(type, ns, name, current =>
            {
                var result = ServerSideApply.Apply(In(current), applied, view.FieldsType, options.FieldManager, force, time.GetUtcNow());
                if (result.HasConflicts && !force)
                {
                    // errors.NewApplyConflict: the details carry the causes only, no name, group or kind.
                    throw new ApiException(409, "Conflict", result.Message!)
                    {
                        Details = new StatusDetails(null, null, null,
                            result.Conflicts.Select(c => new StatusCause("FieldManagerConflict", c.Message, c.Field)).ToList()),
                    };
                }
                CheckRepeatedKeys();
                return Deduped(Out(result.Object));
            }, statusOnly, options.WithoutManager(), warnings).ConfigureAwait(false);
        }
        // kjson.UnmarshalStrict's pass over the body, under Warn and Strict alone (applyJSPatch). Upstream runs it inside
        // the update, once the object is found, so its refusal is kept until then: a missing object is still a 404.
        ApiException? refused = null;
        try
        {
            options = options with { PatchStrictErrors = PatchStrictDecode.Errors(patchType, patch, duplicates, options.FieldValidation) };
        }
        catch (ApiException ex)
        {
            refused = ex;
        }
        // A JSON patch addresses the live document, resourceVersion included (kubectl's SSA migration replaces it
        // as a precondition); the other patch types never see it, so only a patch that sets one pins the write.
        // A patch whose result does not decode is a 422: a merge or JSON patch names the patched object (jsonPatcher), a
        // strategic one its patch map in Go's %+v (applyPatchToObject). Where the converter would have taken the value
        // (a whole float for an integer), the decoder's 400 stands.
        return await UpdateAsync(type, ns, name, current => Deduped(Out(ApplyPatch(view, In(current), patchType, refused is null ? patch : throw refused))), statusOnly, options,
            warnings, exposeResourceVersion: patchType == PatchType.Json, reportsPatchedObject: patchType is PatchType.Json or PatchType.Merge,
            strategicPatch: patchType == PatchType.StrategicMerge ? patch as JsonObject : null).ConfigureAwait(false);
    }

    private static JsonObject ApplyPatch(ResourceType type, JsonObject current, PatchType patchType, JsonNode? patch)
    {
        var liveRv = ObjectMeta.Str(current["metadata"] as JsonObject, "resourceVersion");
        try
        {
            var result = patchType switch
            {
                PatchType.Json => JsonPatch.ApplyRequest(current, patch),
                PatchType.Merge => JsonMergePatch.Apply(current, patch),
                _ => StrategicMergePatch.Apply(current, patch as JsonObject ?? throw ApiErrors.BadRequest("strategic merge patch must be an object"), type.ModelType),
            };
            var patched = result as JsonObject ?? throw new ApiException(422, "Invalid", "the patch produced a value that is not an object");
            if (liveRv is not null && patched["metadata"] is JsonObject meta && ObjectMeta.Str(meta, "resourceVersion") == liveRv)
            {
                // Left as it was, the live resourceVersion is no precondition: a lost race is retried, as upstream's patcher does.
                meta.Remove("resourceVersion");
            }
            return patched;
        }
        catch (PatchException ex)
        {
            throw new ApiException(422, "Invalid", ex.Message);
        }
    }
}
