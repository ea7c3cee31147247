using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// The spec the access reviews share (pkg/apis/authorization/validation/validation.go, and
/// pkg/registry/authorization/util/helpers.go for the attributes an authorizer is asked about).
/// </summary>
internal static class AccessReviewSpec
{
    /// <summary>ValidateSubjectAccessReviewSpec, or ValidateSelfSubjectAccessReviewSpec when <paramref name="subject"/> is false.</summary>
    public static FieldErrors Validate(JsonObject spec, bool subject)
    {
        var errors = new FieldErrors();
        var resource = spec["resourceAttributes"] as JsonObject;
        var nonResource = spec["nonResourceAttributes"] as JsonObject;
        if (resource is not null && nonResource is not null)
        {
            errors.Invalid("spec.nonResourceAttributes", NonResourceValue(nonResource), "cannot be specified in combination with resourceAttributes");
        }
        if (resource is null && nonResource is null)
        {
            // 1.32's field.Error prints a nil pointer as the string "null", quoted.
            errors.Invalid("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified");
        }
        if (subject && Str(spec, "user").Length == 0 && (spec["groups"] as JsonArray ?? []).Count == 0)
        {
            errors.Invalid("spec.user", "", "at least one of user or group must be specified");
        }
        if (resource is not null)
        {
            ValidateSelector(resource["fieldSelector"] as JsonObject, "spec.resourceAttributes.fieldSelector", errors);
            ValidateSelector(resource["labelSelector"] as JsonObject, "spec.resourceAttributes.labelSelector", errors);
        }
        return errors;
    }

    /// <summary>
    /// metadata must be empty but for managedFields (and the namespace of a LocalSubjectAccessReview): the null
    /// creationTimestamp every typed client sends is empty too.
    /// </summary>
    public static bool MetadataIsEmpty(JsonObject review, bool allowNamespace) =>
        review["metadata"] is not JsonObject meta
        || meta.All(p => p.Value is null || p.Key == "managedFields" || (allowNamespace && p.Key == "namespace")
            || (p.Value is JsonObject o && o.Count == 0) || (p.Value is JsonArray a && a.Count == 0)
            || (p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0));

    /// <summary>AuthorizationAttributesFrom: the resource attributes, or the non-resource path, for <paramref name="user"/>.</summary>
    public static AuthorizationAttributes Attributes(UserInfo user, JsonObject spec) =>
        spec["resourceAttributes"] is JsonObject resource
            ? new AuthorizationAttributes(user, Str(resource, "verb"), true, "", Str(resource, "group"), Str(resource, "resource"),
                Str(resource, "subresource"), Str(resource, "namespace"), Str(resource, "name"))
            : new AuthorizationAttributes(user, Str(spec["nonResourceAttributes"] as JsonObject ?? [], "verb"), false,
                Str(spec["nonResourceAttributes"] as JsonObject ?? [], "path"));

    /// <summary>The subject a SubjectAccessReview names: user, uid, groups and extra, exactly as given (no group is added).</summary>
    public static UserInfo Subject(JsonObject spec) =>
        new(Str(spec, "user"), Str(spec, "uid"), Strings(spec["groups"]))
        {
            Extra = (spec["extra"] as JsonObject ?? []).ToDictionary(p => p.Key, p => (IReadOnlyList<string>)Strings(p.Value), StringComparer.Ordinal),
        };

    /// <summary>The status every access review answers with: allowed always, the rest when set.</summary>
    public static JsonObject Status(AuthorizationDecision decision)
    {
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0)
        {
            status["reason"] = decision.Reason;
        }
        return status;
    }

    /// <summary>%#v of the internal NonResourceAttributes, which field.Error prints for this value.</summary>
    public static GoSyntax NonResourceValue(JsonObject nonResource) =>
        new($"authorization.NonResourceAttributes{{Path:{GoSyntax.Quote(Str(nonResource, "path"))}, Verb:{GoSyntax.Quote(Str(nonResource, "verb"))}}}");

    // The REST storage names the kind from the decoded object, whose TypeMeta conversion to the internal version left
    // empty, so upstream's message reads `.authorization.k8s.io "" is invalid`.
    public static void ThrowIfInvalid(FieldErrors errors)
    {
        if (errors.Any)
        {
            throw ApiErrors.Invalid("authorization.k8s.io", "", "", errors.Causes);
        }
    }

    // Upstream prints the Go struct (%#v of ObjectMeta); the fields the body set, as JSON, say the same to a reader.
    public static GoRawValue MetadataValue(JsonObject review) => new(review["metadata"]?.ToJsonString() ?? "null");

    public static string Str(JsonObject obj, string name) => ObjectMeta.Str(obj, name) ?? "";

    // validateFieldSelectorAttributes / validateLabelSelectorAttributes (AuthorizeWithSelectors, beta in 1.32).
    private static void ValidateSelector(JsonObject? selector, string path, FieldErrors errors)
    {
        if (selector is null)
        {
            return;
        }
        var raw = Str(selector, "rawSelector");
        var requirements = selector["requirements"] as JsonArray ?? [];
        if (raw.Length > 0 && requirements.Count > 0)
        {
            errors.Invalid($"{path}.rawSelector", raw, "may not specified at the same time as requirements");
        }
        if (raw.Length == 0 && requirements.Count == 0)
        {
            errors.Required($"{path}.requirements", $"when {path} is specified, requirements or rawSelector is required");
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        (node as JsonArray ?? []).Select(v => v is JsonValue s && s.TryGetValue<string>(out var text) ? text : null).OfType<string>().ToList();
}
