using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// apiextensions-apiserver pkg/apiserver/schema/listtype/validation.go: an x-kubernetes-list-type "set" holds no value
/// twice, a "map" no two items with the same x-kubernetes-list-map-keys (a missing key takes its default). Runs after
/// the schema's own checks, as the custom resource validator orders them.
/// </summary>
public static class ListTypeValidation
{
    public static void Validate(JsonObject obj, JsonObject? schema, FieldErrors errors, string root = "")
    {
        if (schema is not null)
        {
            Walk(root.Length == 0 ? obj : obj[root], schema, root, errors);
        }
    }

    private static void Walk(JsonNode? value, JsonObject schema, string path, FieldErrors errors)
    {
        switch (value)
        {
            case JsonObject obj:
                var properties = schema["properties"] as JsonObject;
                foreach (var (key, child) in obj)
                {
                    var childSchema = properties?[key] as JsonObject ?? schema["additionalProperties"] as JsonObject;
                    if (childSchema is not null && !(path.Length == 0 && key is "apiVersion" or "kind" or "metadata"))
                    {
                        Walk(child, childSchema, path.Length == 0 ? key : $"{path}.{key}", errors);
                    }
                }
                break;
            case JsonArray array:
                switch (Schema.Str(schema, "x-kubernetes-list-type"))
                {
                    case "set":
                        Set(array, path, errors);
                        break;
                    case "map":
                        Map(array, schema, path, errors);
                        break;
                }
                if (schema["items"] is JsonObject items)
                {
                    for (var i = 0; i < array.Count; i++)
                    {
                        Walk(array[i], items, $"{path}[{i}]", errors);
                    }
                }
                break;
        }
    }

    private static void Set(JsonArray array, string path, FieldErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (!seen.Add(array[i]?.ToJsonString() ?? "null"))
            {
                errors.Duplicate($"{path}[{i}]", Shown(array[i]));
            }
        }
    }

    private static void Map(JsonArray array, JsonObject schema, string path, FieldErrors errors)
    {
        var keys = (schema["x-kubernetes-list-map-keys"] as JsonArray ?? []).Select(k => k?.GetValue<string>()).OfType<string>().ToList();
        var itemProperties = schema["items"]?["properties"] as JsonObject;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject item)
            {
                continue;
            }
            var key = new JsonObject();
            foreach (var name in keys)
            {
                if ((item[name] ?? itemProperties?[name]?["default"]) is { } keyValue)
                {
                    key[name] = keyValue.DeepClone();
                }
            }
            if (!seen.Add(key.ToJsonString()))
            {
                errors.Duplicate($"{path}[{i}]", new GoSyntax(GoSyntaxOf(key)));
            }
        }
    }

    private static object? Shown(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when Schema.IsInteger(v) => (long)Schema.ToDouble(v),
        JsonValue v => Schema.ToDouble(v),
        null => null,
        _ => new GoSyntax(GoSyntaxOf(value)),
    };

    /// <summary>Go's %#v of what unstructured JSON decodes to: map[string]interface {}{"name":"a", "port":80}.</summary>
    private static string GoSyntaxOf(JsonNode? node) => node switch
    {
        null => "interface {}(nil)",
        JsonObject obj => "map[string]interface {}{" + string.Join(", ", obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{GoSyntax.Quote(p.Key)}:{GoSyntaxOf(p.Value)}")) + "}",
        JsonArray array => "[]interface {}{" + string.Join(", ", array.Select(GoSyntaxOf)) + "}",
        JsonValue v when v.TryGetValue<string>(out var s) => GoSyntax.Quote(s),
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when Schema.IsInteger(v) => ((long)Schema.ToDouble(v)).ToString(CultureInfo.InvariantCulture),
        JsonValue v => Schema.ToDouble(v).ToString("R", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };
}
