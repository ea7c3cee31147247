using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>RFC 6902 JSON patch (application/json-patch+json); messages follow evanphx/json-patch as the apiserver reports them.</summary>
public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? target, JsonArray operations)
    {
        var document = target?.DeepClone();
        foreach (var entry in operations)
        {
            if (entry is not JsonObject operation)
            {
                throw new PatchException("the server rejected our request due to an error in our request");
            }

            document = ApplyOperation(document, operation);
        }

        return document;
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonObject operation)
    {
        var op = ReadString(operation, "op") ?? "unknown";
        var path = ReadString(operation, "path") ?? throw new PatchException($"{op} operation does not apply: missing path");
        return op switch
        {
            "add" => Add(document, path, RequireValue(operation, op)?.DeepClone(), op),
            "remove" => Remove(document, path, op, out _),
            "replace" => Replace(document, path, RequireValue(operation, op)?.DeepClone()),
            "move" => Move(document, RequireFrom(operation, op), path),
            "copy" => Copy(document, RequireFrom(operation, op), path),
            "test" => Test(document, path, RequireValue(operation, op)),
            _ => throw new PatchException($"Unexpected kind: {op}"),
        };
    }

    private static JsonNode? Add(JsonNode? document, string path, JsonNode? value, string op)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return value;
        }

        var last = tokens[^1];
        switch (Parent(document, tokens))
        {
            case JsonObject obj:
                obj[last] = value;
                break;
            case JsonArray array when last == "-":
                array.Add(value);
                break;
            case JsonArray array:
                if (!JsonPointer.TryIndex(last, array.Count, out var index))
                {
                    throw new PatchException($"{op} operation does not apply: Unable to access invalid index: {last}: invalid index referenced");
                }

                array.Insert(index, value);
                break;
            default:
                throw Missing(op, path);
        }

        return document;
    }

    private static JsonNode? Remove(JsonNode? document, string path, string op, out JsonNode? removed)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0 || !JsonPointer.TryGet(document, tokens, out removed))
        {
            throw Missing(op, path);
        }

        switch (Parent(document, tokens))
        {
            case JsonObject obj:
                obj.Remove(tokens[^1]);
                break;
            case JsonArray array:
                JsonPointer.TryIndex(tokens[^1], array.Count - 1, out var index);
                array.RemoveAt(index);
                break;
        }

        return document;
    }

    private static JsonNode? Replace(JsonNode? document, string path, JsonNode? value)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens.Length == 0)
        {
            return value;
        }

        if (!JsonPointer.TryGet(document, tokens, out _))
        {
            throw Missing("replace", path);
        }

        switch (Parent(document, tokens))
        {
            case JsonObject obj:
                obj[tokens[^1]] = value;
                break;
            case JsonArray array:
                JsonPointer.TryIndex(tokens[^1], array.Count - 1, out var index);
                array[index] = value;
                break;
        }

        return document;
    }

    private static JsonNode? Move(JsonNode? document, string from, string path)
    {
        if (path.StartsWith(from + "/", StringComparison.Ordinal))
        {
            throw new PatchException($"move operation does not apply: cannot move {from} into its own child {path}");
        }

        if (from == path)
        {
            return JsonPointer.TryGet(document, JsonPointer.Parse(from), out _) ? document : throw MissingFrom("move", from);
        }

        if (!JsonPointer.TryGet(document, JsonPointer.Parse(from), out _))
        {
            throw MissingFrom("move", from);
        }

        document = Remove(document, from, "move", out var value);
        return Add(document, path, value, "move");
    }

    private static JsonNode? Copy(JsonNode? document, string from, string path)
    {
        if (!JsonPointer.TryGet(document, JsonPointer.Parse(from), out var value))
        {
            throw MissingFrom("copy", from);
        }

        return Add(document, path, value?.DeepClone(), "copy");
    }

    private static JsonNode? Test(JsonNode? document, string path, JsonNode? expected)
    {
        if (!JsonPointer.TryGet(document, JsonPointer.Parse(path), out var actual) || !JsonNode.DeepEquals(actual, expected))
        {
            throw new PatchException($"testing value {path} failed: test failed");
        }

        return document;
    }

    private static JsonNode? Parent(JsonNode? document, string[] tokens) =>
        JsonPointer.TryGet(document, tokens.AsSpan(0, tokens.Length - 1), out var parent) ? parent : null;

    private static string? ReadString(JsonObject operation, string name) =>
        operation.TryGetPropertyValue(name, out var node) && node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonNode? RequireValue(JsonObject operation, string op) =>
        operation.TryGetPropertyValue("value", out var value) ? value : throw new PatchException($"{op} operation does not apply: missing value");

    private static string RequireFrom(JsonObject operation, string op) =>
        ReadString(operation, "from") ?? throw new PatchException($"{op} operation does not apply: missing from");

    private static PatchException Missing(string op, string path) =>
        new($"{op} operation does not apply: doc is missing path: \"{path}\": missing value");

    private static PatchException MissingFrom(string op, string from) =>
        new($"{op} operation does not apply: doc is missing from path: \"{from}\": missing value");
}
