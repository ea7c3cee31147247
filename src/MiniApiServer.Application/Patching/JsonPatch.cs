using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// RFC 6902 JSON patch (application/json-patch+json) as gopkg.in/evanphx/json-patch.v4 applies it for the apiserver
/// (handlers/patch.go), its wording included: replacing a key an object lacks sets it, as that version does.
/// </summary>
public static class JsonPatch
{
    private const int MaxOperations = 10000;

    /// <summary>
    /// genericapiserver's JSONPatchMaxCopyBytes (3 MiB), which New() sets as json-patch's AccumulatedCopySizeLimit: the
    /// bytes all copy operations of one patch may add, so doubling a subtree 40 times is refused, not built.
    /// </summary>
    private const long MaxAccumulatedCopyBytes = 3 * 1024 * 1024;

    private static readonly JsonSerializerOptions CopyJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, MaxDepth = 1024 };

    /// <summary>
    /// handlers/patch.go's jsonPatcher for a request: jsonpatch.DecodePatch's 400 for a body that is not a list of
    /// operations (encoding/json's words), the 413 past 10,000 operations, and for any operation that does not apply the
    /// generic 422 of errors.NewGenericServerResponse, which keeps none of json-patch's own message.
    /// </summary>
    public static JsonNode? ApplyRequest(JsonNode? target, JsonNode? patch)
    {
        var operations = patch switch
        {
            null => [],
            JsonArray array => array,
            _ => throw ApiErrors.BadRequest($"json: cannot unmarshal {GoJsonKind.Of(patch)} into Go value of type jsonpatch.Patch"),
        };
        if (operations.FirstOrDefault(o => o is not (null or JsonObject)) is { } bad)
        {
            throw ApiErrors.BadRequest($"json: cannot unmarshal {GoJsonKind.Of(bad)} into Go value of type jsonpatch.Operation");
        }
        if (operations.Count > MaxOperations)
        {
            throw ApiErrors.TooLarge($"Request entity too large: The allowed maximum operations in a JSON patch is {MaxOperations}, got {operations.Count}");
        }
        try
        {
            return Apply(target, operations);
        }
        catch (PatchException)
        {
            throw new ApiException(422, "Invalid", "the server rejected our request due to an error in our request");
        }
    }

    /// <summary>Applies the operations; a <see cref="PatchException"/> says, in json-patch.v4's words, which one did not apply.</summary>
    public static JsonNode? Apply(JsonNode? target, JsonArray operations)
    {
        var document = target?.DeepClone();
        long copied = 0;
        foreach (var entry in operations)
        {
            // A null operation is an empty map to DecodePatch: its kind is "unknown".
            document = ApplyOperation(document, entry as JsonObject ?? [], ref copied);
        }

        return document;
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonObject operation, ref long copied)
    {
        var op = ReadString(operation, "op") ?? "unknown";
        // Operation.value(): an operation without a value carries JSON null.
        var value = operation.TryGetPropertyValue("value", out var given) ? given?.DeepClone() : null;
        return op switch
        {
            "add" => Add(document, PathOf(operation, "add operation failed to decode path: missing value"), value),
            "remove" => Remove(document, PathOf(operation, "remove operation failed to decode path: missing value")),
            "replace" => Replace(document, PathOf(operation, "replace operation failed to decode path: " + MissingPathField), value),
            "move" => Move(document, FromOf(operation, "move"), PathOf(operation, "move operation failed to decode path: " + MissingPathField)),
            "copy" => Copy(document, FromOf(operation, "copy"), PathOf(operation, "copy operation failed to decode path: missing value"), ref copied),
            "test" => Test(document, PathOf(operation, "test operation failed to decode path: " + MissingPathField), RequireValue(operation, op)),
            _ => throw new PatchException($"Unexpected kind: {op}"),
        };
    }

    private const string MissingPathField = "operation missing path field: missing value";

    private static string PathOf(JsonObject operation, string missing) => ReadString(operation, "path") ?? throw new PatchException(missing);

    private static string FromOf(JsonObject operation, string op) =>
        ReadString(operation, "from") ?? throw new PatchException($"{op} operation failed to decode from: operation, missing from field: missing value");

    // gopkg.in/evanphx/json-patch.v4, which handlers/patch.go applies: findObject finds the parent container (a missing
    // one is "doc is missing path"), and the container's own add, remove, get or set answers for the last token.
    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value)
    {
        var parent = Container(document, path, $"add operation does not apply: doc is missing path: \"{path}\": missing value", out var key);
        if (AddTo(parent, key, value) is { } error)
        {
            throw new PatchException($"error in add for path: '{path}': {error}");
        }
        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path)
    {
        var parent = Container(document, path, $"remove operation does not apply: doc is missing path: \"{path}\": missing value", out var key);
        if (RemoveFrom(parent, key, out _) is { } error)
        {
            throw new PatchException($"error in remove for path: '{path}': {error}");
        }
        return document;
    }

    private static JsonNode? Replace(JsonNode? document, string path, JsonNode? value)
    {
        if (path.Length == 0)
        {
            // v4 wraps a nil error for a value that is neither, so the document stays as it was.
            return value is JsonObject or JsonArray ? value : document;
        }
        switch (Container(document, path, $"replace operation does not apply: doc is missing path: {path}: missing value", out var key))
        {
            case JsonObject obj:
                // A partialDoc's get never fails, so replacing a key the object lacks sets it.
                obj[key] = value;
                break;
            case JsonArray array:
                if (JsonPointer.IndexError(key, array.Count, out var index) is not null)
                {
                    throw new PatchException($"replace operation does not apply: doc is missing key: {path}: missing value");
                }
                array[index] = value;
                break;
        }
        return document;
    }

    private static JsonNode? Move(JsonNode? document, string from, string path)
    {
        var source = Container(document, from, $"move operation does not apply: doc is missing from path: {from}: missing value", out var fromKey);
        // The key, not the path, is named here: json-patch.v4's own wording.
        if (RemoveFrom(source, fromKey, out var value) is { } removeError)
        {
            throw new PatchException($"error in move for path: '{fromKey}': {removeError}");
        }
        var destination = Container(document, path, $"move operation does not apply: doc is missing destination path: {path}: missing value", out var key);
        if (AddTo(destination, key, value) is { } addError)
        {
            throw new PatchException($"error in move for path: '{path}': {addError}");
        }
        return document;
    }

    private static JsonNode? Copy(JsonNode? document, string from, string path, ref long copied)
    {
        var source = Container(document, from, $"copy operation does not apply: doc is missing from path: {from}: missing value", out var fromKey);
        // A key the object lacks reads as null, which is what is copied.
        if (Get(source, fromKey, out var value) is { } getError)
        {
            throw new PatchException($"error in copy for from: '{from}': {getError}");
        }
        var destination = Container(document, path, $"copy operation does not apply: doc is missing destination path: {path}: missing value", out var key);
        // deepCopy counts the copy's JSON bytes (a missing key's null counts none) before it is added.
        copied += value is null ? 0 : JsonSerializer.SerializeToUtf8Bytes(value, CopyJson).LongLength;
        if (copied > MaxAccumulatedCopyBytes)
        {
            throw new PatchException($"Unable to complete the copy, the accumulated size increase of copy is {copied}, exceeding the limit {MaxAccumulatedCopyBytes}");
        }
        if (AddTo(destination, key, value?.DeepClone()) is { } addError)
        {
            throw new PatchException($"error while adding value during copy: {addError}");
        }
        return document;
    }

    private static JsonNode? Test(JsonNode? document, string path, JsonNode? expected)
    {
        JsonNode? actual;
        if (path.Length == 0)
        {
            actual = document;
        }
        else
        {
            var parent = Container(document, path, $"test operation does not apply: is missing path: {path}: missing value", out var key);
            if (Get(parent, key, out actual) is { } getError)
            {
                throw new PatchException($"error in test for path: '{path}': {getError}");
            }
        }
        // A key the object lacks reads as null, which a test for null passes.
        if (!LazyNodeEquality.Equal(actual, expected))
        {
            throw new PatchException($"testing value {path} failed: test failed");
        }
        return document;
    }

    /// <summary>partialDoc/partialArray add: null, or the container's error.</summary>
    private static string? AddTo(JsonNode container, string key, JsonNode? value)
    {
        switch (container)
        {
            case JsonObject obj:
                obj[key] = value;
                return null;
            case JsonArray array when key == "-":
                array.Add(value);
                return null;
            case JsonArray array:
                // An add may name the place after the last element too.
                if (JsonPointer.IndexError(key, array.Count + 1, out var index) is { } error)
                {
                    return error.StartsWith("strconv", StringComparison.Ordinal) ? $"value was not a proper array index: '{key}': {error}" : error;
                }
                array.Insert(index, value);
                return null;
            default:
                return "missing value";
        }
    }

    /// <summary>partialDoc/partialArray remove: null with the removed value, or the container's error.</summary>
    private static string? RemoveFrom(JsonNode container, string key, out JsonNode? removed)
    {
        removed = null;
        switch (container)
        {
            case JsonObject obj when obj.TryGetPropertyValue(key, out removed):
                obj.Remove(key);
                return null;
            case JsonObject:
                return $"Unable to remove nonexistent key: {key}: missing value";
            case JsonArray array:
                if (JsonPointer.IndexError(key, array.Count, out var index) is { } error)
                {
                    return error;
                }
                removed = array[index];
                array.RemoveAt(index);
                return null;
            default:
                return "missing value";
        }
    }

    /// <summary>partialDoc/partialArray get: a key the object lacks is null, an index the array lacks an error.</summary>
    private static string? Get(JsonNode? container, string key, out JsonNode? value)
    {
        value = null;
        switch (container)
        {
            case JsonObject obj:
                obj.TryGetPropertyValue(key, out value);
                return null;
            case JsonArray array:
                if (JsonPointer.IndexError(key, array.Count, out var index) is { } error)
                {
                    return error;
                }
                value = array[index];
                return null;
            default:
                return "missing value";
        }
    }

    // findObject: the object or array holding the path's last token, or the operation's "missing path" refusal.
    private static JsonNode Container(JsonNode? document, string path, string refusal, out string key)
    {
        if (JsonPointer.Parse(path) is not { } tokens || Parent(document, tokens) is not { } parent)
        {
            throw new PatchException(refusal);
        }
        key = tokens[^1];
        return parent;
    }

    private static JsonNode? Parent(JsonNode? document, string[] tokens) =>
        JsonPointer.TryGet(document, tokens.AsSpan(0, tokens.Length - 1), out var parent) && parent is JsonObject or JsonArray ? parent : null;

    private static string? ReadString(JsonObject operation, string name) =>
        operation.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? RequireValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value) ? value : throw new PatchException($"{op} operation does not apply: missing value");

}
