using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// A custom resource checked against its version's openAPIV3Schema as kube-openapi's SchemaValidator does (type,
/// format-free string, number, slice, enum and object validators, in that order per node), its errors turned into
/// field errors as apiextensions-apiserver's kubeOpenAPIResultToFieldErrors does (pkg/apiserver/validation/validation.go).
/// Not checked: list-type uniqueness. The CEL rules are <see cref="ValidationRules"/>'.
/// </summary>
public static class SchemaValidation
{
    private static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(200);

    public static void Validate(JsonObject obj, JsonObject? schema, FieldErrors errors)
    {
        if (schema is null)
        {
            return;
        }
        // metadata is validated as ObjectMeta; apiVersion and kind by the decoder. The schema's own entries for them
        // (which upstream restricts to name and generateName) are not walked.
        var body = new JsonObject();
        foreach (var (key, value) in obj)
        {
            if (key is not ("apiVersion" or "kind" or "metadata"))
            {
                body[key] = value?.DeepClone();
            }
        }
        Validate(body, schema, "", errors, root: true);
    }

    /// <summary>A /status write's validation (validator.ValidateStatusUpdate): the status alone, against its property's schema.</summary>
    public static void ValidateStatus(JsonObject obj, JsonObject? schema, FieldErrors errors)
    {
        if (schema?["properties"]?["status"] is JsonObject statusSchema && obj.TryGetPropertyValue("status", out var status))
        {
            Validate(status, statusSchema, "status", errors);
        }
    }

    private static void Validate(JsonNode? value, JsonObject schema, string path, FieldErrors errors, bool root = false)
    {
        var type = Schema.Str(schema, "type");
        var actual = Schema.TypeOf(value);
        if (value is null)
        {
            if (type is { Length: > 0 } && !Schema.Flag(schema, "nullable"))
            {
                TypeError(errors, path, type, "null");
            }
            Enum(value, schema, path, errors);
            return;
        }
        if (!TypeMatches(type, actual, schema))
        {
            TypeError(errors, path, type!, actual);
        }
        Composition(value, schema, path, errors);
        if (actual == "string")
        {
            StringRules(value.AsValue().TryGetValue<string>(out var text) ? text : value.ToString(), schema, path, errors);
        }
        if (actual is "integer" or "number")
        {
            NumberRules(value, schema, path, errors);
        }
        if (value is JsonArray array)
        {
            ArrayRules(array, schema, path, errors);
        }
        Enum(value, schema, path, errors);
        if (value is JsonObject obj)
        {
            ObjectRules(obj, schema, path, errors, root);
        }
    }

    /// <summary>
    /// kube-openapi's schemaPropsValidator, which runs right after the type check: allOf keeps its branches' errors,
    /// anyOf and oneOf report only their own, and each failure is a *Validation named by the path (so the field error
    /// shows an empty value and the path quoted in the message, as kubeOpenAPIResultToFieldErrors' default case does).
    /// </summary>
    private static void Composition(JsonNode value, JsonObject schema, string path, FieldErrors errors)
    {
        if (schema["allOf"] is JsonArray allOf)
        {
            var branches = Branches(value, allOf, path);
            var valid = branches.Count(b => b.Causes.Count == 0);
            if (valid != branches.Count)
            {
                foreach (var cause in branches.SelectMany(b => b.Causes))
                {
                    errors.Add(cause);
                }
                Composite(errors, path, "must validate all the schemas (allOf)" + (valid == 0 ? ". None validated" : ""));
            }
        }
        if (schema["anyOf"] is JsonArray anyOf && Branches(value, anyOf, path).All(b => b.Causes.Count > 0))
        {
            Composite(errors, path, "must validate at least one schema (anyOf)");
        }
        if (schema["oneOf"] is JsonArray oneOf && Branches(value, oneOf, path).Count(b => b.Causes.Count == 0) is var matched and not 1)
        {
            Composite(errors, path, "must validate one and only one schema (oneOf). " + (matched == 0 ? "Found none valid" : $"Found {matched} valid alternatives"));
        }
        if (schema["not"] is JsonObject not && Branch(value, not, path).Causes.Count == 0)
        {
            Composite(errors, path, "must not validate the schema (not)");
        }
    }

    private static List<FieldErrors> Branches(JsonNode value, JsonArray schemas, string path)
    {
        var results = new List<FieldErrors>(schemas.Count);
        foreach (var branch in schemas.OfType<JsonObject>())
        {
            results.Add(Branch(value, branch, path));
        }
        return results;
    }

    private static FieldErrors Branch(JsonNode value, JsonObject schema, string path)
    {
        var found = new FieldErrors();
        Validate(value, schema, path, found);
        return found;
    }

    private static void Composite(FieldErrors errors, string path, string message) =>
        errors.Invalid(path, "", $"{GoSyntax.Quote(path)} {message}");

    private static bool TypeMatches(string? type, string actual, JsonObject schema)
    {
        if (string.IsNullOrEmpty(type))
        {
            return true;
        }
        if (Schema.Flag(schema, "x-kubernetes-int-or-string") && actual is "integer" or "string")
        {
            return true;
        }
        return type == actual || (type == "number" && actual == "integer");
    }

    private static void TypeError(FieldErrors errors, string path, string type, string actual) =>
        errors.TypeInvalid(path, actual, $"{Name(path)} in body must be of type {type}: \"{actual}\"");

    private static void StringRules(string s, JsonObject schema, string path, FieldErrors errors)
    {
        // Lengths count runes, as kube-openapi's utf8.RuneCountInString.
        var length = s.EnumerateRunes().Count();
        if (Schema.Integer(schema, "maxLength") is { } max && length > max)
        {
            errors.TooLong(path, (int)max);
        }
        if (Schema.Integer(schema, "minLength") is { } min && length < min)
        {
            errors.Invalid(path, s, $"{Name(path)} in body should be at least {min} chars long");
        }
        if (Schema.Str(schema, "pattern") is { } pattern && !Matches(pattern, s))
        {
            errors.Invalid(path, s, $"{Name(path)} in body should match '{pattern}'");
        }
        // kube-openapi's formatValidator runs after the string validator: an InvalidType error, the value shown.
        if (Schema.Str(schema, "format") is { Length: > 0 } format && !StringFormats.IsValid(format, s))
        {
            errors.TypeInvalid(path, s, $"{Name(path)} in body must be of type {format}: {GoSyntax.Quote(s)}");
        }
    }

    /// <summary>
    /// kube-openapi matches with Go's regexp, RE2, in time linear in the string. .NET's backtracking engine took the
    /// time limit on each string a pattern like ^(a+)+$ met (an array of such strings held a request for hours) and
    /// then let the string through; the non-backtracking engine is linear too, and reads RE2's syntax (which has no
    /// backreferences or lookarounds either). A pattern it cannot read keeps the old way.
    /// </summary>
    private static bool Matches(string pattern, string s)
    {
        try
        {
            return Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking, PatternTimeout);
        }
        catch (NotSupportedException)
        {
            return BacktrackingMatches(pattern, s);
        }
        catch (ArgumentException)
        {
            // The CRD's validation compiles every pattern; one .NET reads differently from RE2 is not held against the object.
            return true;
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static bool BacktrackingMatches(string pattern, string s)
    {
        try
        {
            return Regex.IsMatch(s, pattern, RegexOptions.CultureInvariant, PatternTimeout);
        }
        catch (Exception ex) when (ex is ArgumentException or RegexMatchTimeoutException)
        {
            return true;
        }
    }

    private static void NumberRules(JsonNode value, JsonObject schema, string path, FieldErrors errors)
    {
        var n = Schema.ToDouble(value.AsValue());
        object shown = Schema.IsInteger(value) && value.AsValue().TryGetValue<long>(out var whole) ? whole : n;
        if (Schema.Number(schema, "multipleOf") is { } factor && factor > 0 && Math.IEEERemainder(n, factor) != 0)
        {
            errors.Invalid(path, shown, $"{Name(path)} in body should be a multiple of {Go(factor)}");
        }
        if (Schema.Number(schema, "maximum") is { } max)
        {
            var exclusive = Schema.Flag(schema, "exclusiveMaximum");
            if (exclusive ? n >= max : n > max)
            {
                errors.Invalid(path, shown, $"{Name(path)} in body should be less than {(exclusive ? "" : "or equal to ")}{Go(max)}");
            }
        }
        if (Schema.Number(schema, "minimum") is { } min)
        {
            var exclusive = Schema.Flag(schema, "exclusiveMinimum");
            if (exclusive ? n <= min : n < min)
            {
                errors.Invalid(path, shown, $"{Name(path)} in body should be greater than {(exclusive ? "" : "or equal to ")}{Go(min)}");
            }
        }
    }

    private static void ArrayRules(JsonArray array, JsonObject schema, string path, FieldErrors errors)
    {
        if (schema["items"] is JsonObject items)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], items, $"{path}[{i}]", errors);
            }
        }
        if (Schema.Integer(schema, "minItems") is { } min && array.Count < min)
        {
            errors.Invalid(path, array.Count, $"{Name(path)} in body should have at least {min} items");
        }
        if (Schema.Integer(schema, "maxItems") is { } max && array.Count > max)
        {
            errors.TooMany(path, array.Count, (int)max);
        }
        if (Schema.Flag(schema, "uniqueItems") && array.Select(i => i?.ToJsonString()).Distinct().Count() != array.Count)
        {
            errors.Invalid(path, "", $"{Name(path)} in body shouldn't contain duplicates");
        }
    }

    private static void Enum(JsonNode? value, JsonObject schema, string path, FieldErrors errors)
    {
        if (schema["enum"] is not JsonArray { Count: > 0 } allowed || allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            return;
        }
        var supported = allowed.Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : a?.ToJsonString() ?? "null").ToArray();
        errors.NotSupported(path, Shown(value), supported);
    }

    private static void ObjectRules(JsonObject obj, JsonObject schema, string path, FieldErrors errors, bool root)
    {
        if (Schema.Integer(schema, "minProperties") is { } min && obj.Count < min)
        {
            errors.Invalid(path, obj.Count, $"{Name(path)} in body should have at least {min} properties");
        }
        if (Schema.Integer(schema, "maxProperties") is { } max && obj.Count > max)
        {
            errors.TooMany(path, obj.Count, (int)max);
        }
        var properties = schema["properties"] as JsonObject;
        if (schema["additionalProperties"] is JsonObject additional)
        {
            foreach (var (key, value) in obj)
            {
                if (properties?[key] is null)
                {
                    Validate(value, additional, Child(path, key), errors);
                }
            }
        }
        if (properties is not null)
        {
            foreach (var (name, property) in properties)
            {
                if (property is JsonObject propertySchema && obj.TryGetPropertyValue(name, out var value))
                {
                    Validate(value, propertySchema, Child(path, name), errors);
                }
            }
        }
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r?.GetValue<string>()).OfType<string>())
            {
                if (!obj.ContainsKey(name) && !(root && name is "apiVersion" or "kind" or "metadata"))
                {
                    errors.Required(Child(path, name));
                }
            }
        }
    }

    private static string Child(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    // kube-openapi names the root "" in its messages, which kubeOpenAPIResultToFieldErrors leaves as is.
    private static string Name(string path) => path;

    private static object? Shown(JsonNode? value) => value switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => Schema.ToDouble(v),
        _ => value.ToJsonString(),
    };

    // Go's %v of a float64: shortest round-trip form, no trailing ".0".
    private static string Go(double d) => d.ToString("R", CultureInfo.InvariantCulture);
}
