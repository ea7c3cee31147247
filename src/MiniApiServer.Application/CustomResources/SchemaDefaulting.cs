using System.Text.Json.Nodes;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// apiextensions-apiserver pkg/apiserver/schema/defaulting/algorithm.go and prunenulls.go: a missing property with a
/// default gets it (deep-copied), recursively, in objects, additionalProperties and array items; a null where the
/// schema is not nullable takes the default, or is dropped when there is none.
/// </summary>
public static class SchemaDefaulting
{
    public static void Apply(JsonNode? node, JsonObject? schema)
    {
        if (schema is null)
        {
            return;
        }
        switch (node)
        {
            case JsonObject obj:
                ApplyObject(obj, schema);
                break;
            case JsonArray array when schema["items"] is JsonObject items:
                foreach (var item in array)
                {
                    Apply(item, items);
                }
                break;
        }
    }

    private static void ApplyObject(JsonObject obj, JsonObject schema)
    {
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, propertyNode) in properties)
            {
                if (propertyNode is not JsonObject property)
                {
                    continue;
                }
                var present = obj.TryGetPropertyValue(name, out var value);
                if (present && value is null && !Schema.Flag(property, "nullable"))
                {
                    obj.Remove(name);
                    present = false;
                }
                if (!present && property["default"] is { } defaultValue)
                {
                    obj[name] = defaultValue.DeepClone();
                }
                Apply(obj[name], property);
            }
        }
        if (schema["additionalProperties"] is JsonObject additional)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (schema["properties"]?[key] is null)
                {
                    Apply(value, additional);
                }
            }
        }
    }
}
