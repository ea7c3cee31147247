using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// handlers/patch.go's applyJSPatch under fieldValidation Warn (the default) or Strict: before json-patch or the merge
/// sees it, the body is decoded with kjson.UnmarshalStrict, into []jsonPatchOp or a map. A body of the wrong shape is that
/// decode's 400 ("error decoding patch: ..."), and an operation's member other than op, path, from and value is a strict
/// error ("json patch unknown field ..."), which the caller warns about or, under Strict, refuses.
/// </summary>
public static class PatchStrictDecode
{
    private static readonly string[] StringMembers = ["op", "path", "from"];

    /// <summary>
    /// The strict errors of a JSON patch body, its operations' unknown members and repeated keys in the order the decode
    /// meets them; a 400 for one that does not decode into operations.
    /// </summary>
    public static IReadOnlyList<string> JsonPatch(JsonNode? patch, BodyDuplicates? duplicates = null)
    {
        if (patch is null)
        {
            return [];
        }
        if (patch is not JsonArray operations)
        {
            throw Refused($"cannot unmarshal {GoJsonKind.Of(patch)} into Go value of type []handlers.jsonPatchOp");
        }
        List<string>? unknown = null;
        for (var i = 0; i < operations.Count; i++)
        {
            var entry = operations[i];
            switch (entry)
            {
                case null:
                    continue;
                case not JsonObject:
                    throw Refused($"cannot unmarshal {GoJsonKind.Of(entry)} into Go value of type handlers.jsonPatchOp");
            }
            foreach (var (name, value) in entry!.AsObject())
            {
                // sigs.k8s.io/json matches member names case-sensitively, so "Op" is unknown here.
                if (StringMembers.Contains(name))
                {
                    if (value is not null && (value is not JsonValue text || !text.TryGetValue<string>(out _)))
                    {
                        throw Refused($"cannot unmarshal {GoJsonKind.Of(value)} into Go struct field jsonPatchOp.{name} of type string");
                    }
                }
                else if (name != "value")
                {
                    // sigs.k8s.io/json's field stack names the operation's index (appendStrictFieldStackIndex).
                    (unknown ??= []).Add($"[{i}].{name}");
                }
            }
        }
        // applyJSPatch prefixes each of them with "json patch ".
        return BodyDuplicates.StrictErrors(duplicates, unknown ?? [], "json patch ");
    }

    /// <summary>A merge patch must decode into a map; null passes that decode and is then json-patch's "Invalid JSON Patch".</summary>
    public static void MergePatch(JsonNode? patch, bool strictDecode)
    {
        if (patch is null)
        {
            throw ApiErrors.BadRequest("Invalid JSON Patch");
        }
        if (patch is JsonObject)
        {
            return;
        }
        if (strictDecode)
        {
            throw Refused($"cannot unmarshal {GoJsonKind.Of(patch)} into Go value of type map[string]interface {{}}");
        }
        if (patch is not JsonArray)
        {
            // Without the strict decode, v4's MergePatch takes an array as the new document but refuses a scalar.
            throw ApiErrors.BadRequest("Invalid JSON Patch");
        }
    }

    /// <summary>
    /// applyJSPatch's and applySMPatch's pass over a patch body under <paramref name="fieldValidation"/>: returns the
    /// patch's own strict errors (none under Ignore); throws the 400 for a body that pass, or json-patch, refuses.
    /// </summary>
    public static IReadOnlyList<string> Errors(Objects.PatchType patchType, JsonNode? patch, BodyDuplicates? duplicates, string fieldValidation)
    {
        var strictDecode = fieldValidation is "Warn" or "Strict";
        if (patchType == Objects.PatchType.Merge)
        {
            MergePatch(patch, strictDecode);
        }
        return !strictDecode ? []
            : patchType switch
            {
                Objects.PatchType.Json => JsonPatch(patch, duplicates),
                // kjson.UnmarshalStrict into map[string]interface{}: every repeated key is a strict error of the patch.
                Objects.PatchType.Merge or Objects.PatchType.StrategicMerge => BodyDuplicates.StrictErrors(duplicates, []),
                _ => [],
            };
    }

    private static ApiException Refused(string error) => ApiErrors.BadRequest($"error decoding patch: json: {error}");
}
