using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The per-version half of ValidateCustomResourceDefinitionSpec: version names, required schemas, the structural
/// schema rules users hit (pkg/apiserver/schema/validation.go: types given, object at the root, items for arrays) and
/// printer columns. v1's conversion hoists a schema or column list all versions share to spec.validation and
/// spec.additionalPrinterColumns, so such errors are reported under those paths, as upstream's are.
/// </summary>
internal static class CustomResourceDefinitionSchemas
{
    private static readonly string[] Types = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] ColumnTypes = ["boolean", "date", "integer", "number", "string"];
    private static readonly string[] ColumnFormats = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

    public static void Validate(IReadOnlyList<JsonObject> versions, FieldErrors errors)
    {
        var schemas = versions.Select(v => v["schema"]?["openAPIV3Schema"] as JsonObject).ToList();
        var columns = versions.Select(v => v["additionalPrinterColumns"] as JsonArray).ToList();
        var subresources = versions.Select(v => v["subresources"] as JsonObject).ToList();
        var hoistSubresources = versions.Count > 0 && subresources.All(r => JsonNode.DeepEquals(r, subresources[0]));
        var hoistSchema = versions.Count > 0 && schemas.All(s => JsonNode.DeepEquals(s, schemas[0]));
        var hoistColumns = versions.Count > 0 && columns.All(c => JsonNode.DeepEquals(c, columns[0]));
        var selectable = versions.Select(v => v["selectableFields"] as JsonArray).ToList();
        var hoistSelectable = versions.Count > 0 && selectable.All(f => JsonNode.DeepEquals(f, selectable[0]));
        if (hoistSchema && schemas[0] is null)
        {
            for (var i = 0; i < versions.Count; i++)
            {
                errors.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required");
            }
        }
        for (var i = 0; i < versions.Count; i++)
        {
            var name = versions[i]["name"] is JsonValue n && n.TryGetValue<string>(out var s) ? s : "";
            if (ObjectMetaValidation.Dns1035LabelError(name) is { } nameError)
            {
                errors.Invalid($"spec.versions[{i}].name", name, nameError);
            }
            if (!hoistSchema)
            {
                if (schemas[i] is { } schema)
                {
                    Structural(schema, $"spec.versions[{i}].schema.openAPIV3Schema", errors);
                }
                else
                {
                    errors.Required($"spec.versions[{i}].schema.openAPIV3Schema", "schemas are required");
                }
            }
            if (!hoistSubresources)
            {
                Scale(subresources[i]?["scale"] as JsonObject, $"spec.versions[{i}].subresources.scale", errors);
            }
            if (!hoistColumns)
            {
                Columns(columns[i], $"spec.versions[{i}].additionalPrinterColumns", errors);
            }
            if (!hoistSelectable)
            {
                SelectableFieldValidation.Validate(selectable[i], schemas[i], $"spec.versions[{i}].selectableFields", errors);
            }
        }
        if (hoistSchema && schemas[0] is { } shared)
        {
            Structural(shared, "spec.validation.openAPIV3Schema", errors);
        }
        if (hoistSubresources)
        {
            Scale(subresources[0]?["scale"] as JsonObject, "spec.subresources.scale", errors);
        }
        if (hoistColumns)
        {
            Columns(columns[0], "spec.additionalPrinterColumns", errors);
        }
        if (hoistSelectable)
        {
            SelectableFieldValidation.Validate(selectable[0], schemas[0], "spec.selectableFields", errors);
        }
    }

    /// <summary>ValidateCustomResourceDefinitionSubresources' scale paths: simple JSON paths under .spec and .status.</summary>
    private static void Scale(JsonObject? scale, string path, FieldErrors errors)
    {
        if (scale is null)
        {
            return;
        }
        ScalePath(Str(scale["specReplicasPath"]), $"{path}.specReplicasPath", [".spec."], "should be a json path under .spec", required: true, errors);
        ScalePath(Str(scale["statusReplicasPath"]), $"{path}.statusReplicasPath", [".status."], "should be a json path under .status", required: true, errors);
        ScalePath(Str(scale["labelSelectorPath"]), $"{path}.labelSelectorPath", [".spec.", ".status."], "should be a json path under either .spec or .status",
            required: false, errors);
    }

    private static void ScalePath(string value, string path, string[] under, string underMessage, bool required, FieldErrors errors)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                errors.Required(path);
            }
        }
        else if (!value.StartsWith('.') || value.Contains("..", StringComparison.Ordinal) || value.EndsWith('.'))
        {
            errors.Invalid(path, value, "must be a simple json path starting with .");
        }
        else if (!under.Any(u => value.StartsWith(u, StringComparison.Ordinal)))
        {
            errors.Invalid(path, value, underMessage);
        }
    }

    /// <summary>The structural errors, sorted by their full text as upstream's validateStructuralInvariants sorts them.</summary>
    private static void Structural(JsonObject schema, string path, FieldErrors errors)
    {
        var found = new FieldErrors();
        var type = Str(schema["type"]);
        if (type.Length == 0)
        {
            found.Required($"{path}.type", "must not be empty at the root");
        }
        else if (type != "object")
        {
            found.Invalid($"{path}.type", type, "must be object at the root");
        }
        if (Flag(schema, "nullable"))
        {
            found.Forbidden($"{path}.nullable", "nullable cannot be true at the root");
        }
        Walk(schema, path, found, root: true);
        foreach (var cause in found.Causes.OrderBy(c => $"{c.Field}: {c.Message}", StringComparer.Ordinal))
        {
            errors.Add(cause);
        }
    }

    private static void Walk(JsonObject schema, string path, FieldErrors errors, bool root)
    {
        if (Str(schema["type"]) is { Length: > 0 } type && !Types.Contains(type))
        {
            errors.NotSupported($"{path}.type", type, Types);
        }
        if (schema["x-kubernetes-validations"] is JsonArray rules)
        {
            ValidationRuleCompilation.Validate(rules, $"{path}.x-kubernetes-validations", errors);
        }
        if (schema["properties"] is JsonObject properties)
        {
            if (schema["additionalProperties"] is JsonObject)
            {
                errors.Forbidden($"{path}.additionalProperties", "additionalProperties and properties are mutual exclusive");
            }
            foreach (var (name, node) in properties)
            {
                if (node is not JsonObject property)
                {
                    continue;
                }
                var child = $"{path}.properties[{name}]";
                if (Str(property["type"]).Length == 0 && !Loose(property))
                {
                    errors.Required($"{child}.type", "must not be empty for specified object fields");
                }
                if (root && name == "metadata" && Str(property["type"]) is { Length: > 0 } metadataType && metadataType != "object")
                {
                    errors.Invalid($"{child}.type", metadataType, "must be object");
                }
                if (root && name is "apiVersion" or "kind" && Str(property["type"]) is { Length: > 0 } envelopeType && envelopeType != "string")
                {
                    errors.Invalid($"{child}.type", envelopeType, "must be string");
                }
                Walk(property, child, errors, root: false);
            }
        }
        if (root && schema["additionalProperties"] is not null)
        {
            errors.Forbidden($"{path}.additionalProperties", "must not be used at the root");
        }
        else if (schema["additionalProperties"] is JsonObject additional)
        {
            Walk(additional, $"{path}.additionalProperties", errors, root: false);
        }
        if (Str(schema["type"]) == "array")
        {
            if (schema["items"] is JsonObject items)
            {
                if (Str(items["type"]).Length == 0 && !Loose(items))
                {
                    errors.Required($"{path}.items.type", "must not be empty for specified array items");
                }
                Walk(items, $"{path}.items", errors, root: false);
            }
            else
            {
                errors.Required($"{path}.items", "must be specified");
            }
        }
    }

    private static void Columns(JsonArray? columns, string path, FieldErrors errors)
    {
        for (var i = 0; i < (columns?.Count ?? 0); i++)
        {
            if (columns![i] is not JsonObject column)
            {
                continue;
            }
            var at = $"{path}[{i}]";
            if (Str(column["name"]).Length == 0)
            {
                errors.Required($"{at}.name");
            }
            var type = Str(column["type"]);
            if (type.Length == 0)
            {
                errors.Required($"{at}.type", $"must be one of {string.Join(",", ColumnTypes)}");
            }
            else if (!ColumnTypes.Contains(type))
            {
                errors.Invalid($"{at}.type", type, $"must be one of {string.Join(",", ColumnTypes)}");
            }
            if (Str(column["format"]) is { Length: > 0 } format && !ColumnFormats.Contains(format))
            {
                errors.Invalid($"{at}.format", format, $"must be one of {string.Join(",", ColumnFormats)}");
            }
            var jsonPath = Str(column["jsonPath"]);
            if (jsonPath.Length == 0)
            {
                errors.Required($"{at}.JSONPath");
            }
            else if (!jsonPath.StartsWith('.'))
            {
                errors.Invalid($"{at}.JSONPath", jsonPath, "must be a simple json path starting with .");
            }
        }
    }

    private static bool Loose(JsonObject schema) => Flag(schema, "x-kubernetes-int-or-string") || Flag(schema, "x-kubernetes-preserve-unknown-fields");

    private static bool Flag(JsonObject schema, string name) => schema[name] is JsonValue v && v.TryGetValue<bool>(out var b) && b;

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
