using System.Text.Json.Nodes;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// apiextensions-apiserver pkg/apiserver/schema/pruning/algorithm.go: every field the structural schema does not
/// specify is dropped, unless x-kubernetes-preserve-unknown-fields keeps it; apiVersion, kind and metadata at the root
/// and in x-kubernetes-embedded-resource objects are always kept. The dropped paths are what fieldValidation reports.
/// </summary>
public static class SchemaPruning
{
    private static readonly string[] ObjectFields = ["apiVersion", "kind", "metadata"];

    /// <returns>The dropped fields' paths ("spec.foo", "spec.items[0].bar"), sorted as the pruning's unknown-field list is.</returns>
    public static List<string> Prune(JsonObject obj, JsonObject? schema)
    {
        var pruned = new List<string>();
        if (schema is not null)
        {
            PruneObject(obj, schema, "", pruned, keepObjectFields: true);
        }
        pruned.Sort(StringComparer.Ordinal);
        return pruned;
    }

    private static void Prune(JsonNode? node, JsonObject schema, string path, List<string> pruned)
    {
        switch (node)
        {
            case JsonObject obj:
                PruneObject(obj, schema, path, pruned, keepObjectFields: Schema.Flag(schema, "x-kubernetes-embedded-resource"));
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                for (var i = 0; i < array.Count; i++)
                {
                    Prune(array[i], items, $"{path}[{i}]", pruned);
                }
                break;
        }
    }

    private static void PruneObject(JsonObject obj, JsonObject schema, string path, List<string> pruned, bool keepObjectFields)
    {
        var properties = schema["properties"] as JsonObject;
        var additional = schema["additionalProperties"];
        var preserve = Schema.Flag(schema, "x-kubernetes-preserve-unknown-fields");
        foreach (var (key, value) in obj.ToList())
        {
            var child = path.Length == 0 ? key : $"{path}.{key}";
            if (keepObjectFields && ObjectFields.Contains(key))
            {
                continue;
            }
            if (properties?[key] is JsonObject property)
            {
                Prune(value, property, child, pruned);
            }
            else if (additional is JsonObject additionalSchema)
            {
                Prune(value, additionalSchema, child, pruned);
            }
            else if (!preserve && additional is not JsonValue)
            {
                obj.Remove(key);
                pruned.Add(child);
            }
        }
    }
}
