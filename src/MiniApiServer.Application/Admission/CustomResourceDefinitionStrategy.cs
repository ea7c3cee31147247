using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// apiextensions-apiserver pkg/registry/customresourcedefinition/strategy.go with pkg/apis/apiextensions/v1/defaults.go
/// and validation/validation.go: singular and listKind defaulted from the kind, conversion None, the status emptied on
/// create with the storage version recorded, generation bumped by spec changes, and the checks users meet (name,
/// group, scope, versions, names, schemas, printer columns; group, plural, and once established scope and kind fixed).
/// </summary>
public sealed class CustomResourceDefinitionStrategy(ResourceType type) : DefaultStrategy(type)
{
    public override JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors)
    {
        var spec = Spec(obj);
        Default(spec);
        // acceptedNames' plural and kind have no omitempty upstream, so a new CRD's status carries them empty
        // (typed clients, Python's among them, require both).
        var status = new JsonObject { ["acceptedNames"] = new JsonObject { ["plural"] = "", ["kind"] = "" } };
        if (StorageVersion(spec) is { } storage)
        {
            status["storedVersions"] = new JsonArray(storage);
        }
        obj["status"] = status;
        ObjectMeta.Of(obj)["generation"] = 1;
        Validate(obj, errors);
        ValidateApproval(obj, null, errors);
        return obj;
    }

    public override JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors)
    {
        obj = CarryOver(obj, old, statusOnly);
        var spec = Spec(obj);
        Default(spec);
        var generation = ObjectMeta.Of(old)["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : 1;
        ObjectMeta.Of(obj)["generation"] = JsonNode.DeepEquals(spec, old["spec"]) ? generation : generation + 1;
        if (!statusOnly && StorageVersion(spec) is { } storage)
        {
            var status = obj["status"] as JsonObject ?? [];
            obj["status"] = status;
            var stored = status["storedVersions"] as JsonArray ?? [];
            status["storedVersions"] = stored;
            if (!stored.Any(v => Str(v) == storage))
            {
                stored.Add(storage);
            }
        }
        Validate(obj, errors);
        ValidateUpdate(obj, old, errors);
        ValidateApproval(obj, old, errors);
        return obj;
    }

    private static void Default(JsonObject spec)
    {
        if (spec["names"] is JsonObject names && Str(names["kind"]) is { Length: > 0 } kind)
        {
            if (Str(names["singular"]).Length == 0)
            {
                names["singular"] = kind.ToLowerInvariant();
            }
            if (Str(names["listKind"]).Length == 0)
            {
                names["listKind"] = kind + "List";
            }
        }
        spec["conversion"] ??= new JsonObject { ["strategy"] = "None" };
    }

    private static void Validate(JsonObject crd, FieldErrors errors)
    {
        var spec = Spec(crd);
        var names = spec["names"] as JsonObject ?? [];
        var group = Str(spec["group"]);
        var name = ObjectMeta.Str(ObjectMeta.Of(crd), "name") ?? "";
        if (name.Length > 0 && name != $"{Str(names["plural"])}.{group}")
        {
            errors.Invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group");
        }
        if (group.Length == 0)
        {
            errors.Required("spec.group");
        }
        else if (ObjectMetaValidation.SubdomainErrors(group).ToList() is { Count: > 0 } groupErrors)
        {
            errors.Invalid("spec.group", group, string.Join(",", groupErrors));
        }
        else if (!group.Contains('.'))
        {
            errors.Invalid("spec.group", group, "should be a domain with at least one dot");
        }
        var scope = Str(spec["scope"]);
        if (scope.Length == 0)
        {
            errors.Required("spec.scope");
        }
        else if (scope is not ("Cluster" or "Namespaced"))
        {
            errors.NotSupported("spec.scope", scope, "Cluster", "Namespaced");
        }
        var versions = (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        CustomResourceDefinitionSchemas.Validate(versions, errors);
        if (versions.Select(v => Str(v["name"])).Distinct().Count() != versions.Count)
        {
            errors.Invalid("spec.versions", "", "must contain unique version names");
        }
        if (versions.Count(v => v["storage"]?.GetValue<bool>() == true) != 1)
        {
            errors.Invalid("spec.versions", "", "must have exactly one version marked as storage version");
        }
        foreach (var field in new[] { "plural", "singular", "kind", "listKind" })
        {
            if (Str(names[field]).Length == 0)
            {
                errors.Required($"spec.names.{field}");
            }
        }
        ValidateNames(names, "spec.names", errors);
        if (spec["conversion"]?["strategy"] is { } strategy && Str(strategy) is not ("None" or "Webhook"))
        {
            errors.NotSupported("spec.conversion.strategy", Str(strategy), "None", "Webhook");
        }
        else if (Str(spec["conversion"]?["strategy"]) == "Webhook")
        {
            // Upstream's paths are the internal type's, which flattens v1's conversion.webhook.
            if (spec["conversion"]?["webhook"]?["clientConfig"] is not JsonObject)
            {
                errors.Required("spec.conversion.webhookClientConfig", "required when strategy is set to Webhook");
            }
            if (spec["conversion"]?["webhook"]?["conversionReviewVersions"] is not JsonArray { Count: > 0 })
            {
                errors.Required("spec.conversion.conversionReviewVersions");
            }
        }
    }

    /// <summary>
    /// validateAPIApproval: a CRD in a group the community owns (k8s.io, kubernetes.io and their subdomains) carries
    /// api-approved.kubernetes.io with a URL or a reason starting "unapproved"; an update that leaves its state alone passes.
    /// </summary>
    private static void ValidateApproval(JsonObject crd, JsonObject? old, FieldErrors errors)
    {
        var group = Str(crd["spec"]?["group"]);
        if (!(group is "k8s.io" or "kubernetes.io" || group.EndsWith(".k8s.io", StringComparison.Ordinal) || group.EndsWith(".kubernetes.io", StringComparison.Ordinal)))
        {
            return;
        }
        var state = ApprovalState(crd);
        if (old is not null && ApprovalState(old) == state)
        {
            return;
        }
        const string Path = "metadata.annotations[api-approved.kubernetes.io]";
        const string Link = "see https://github.com/kubernetes/enhancements/pull/1111";
        if (state == "missing")
        {
            errors.Required(Path, $"protected groups must have approval annotation \"{ApprovalAnnotation}\", {Link}");
        }
        else if (state == "invalid")
        {
            errors.Invalid(Path, Approval(crd), $"protected groups must have approval annotation \"{ApprovalAnnotation}\" with either a URL or a reason starting with \"unapproved\", {Link}");
        }
    }

    private const string ApprovalAnnotation = "api-approved.kubernetes.io";

    private static string Approval(JsonObject crd) => Str(crd["metadata"]?["annotations"]?[ApprovalAnnotation]);

    /// <summary>GetAPIApprovalState: missing, bypassed ("unapproved…"), approved (a URL with scheme and host), or invalid.</summary>
    private static string ApprovalState(JsonObject crd) => Approval(crd) switch
    {
        "" => "missing",
        var a when a.StartsWith("unapproved", StringComparison.Ordinal) => "bypassed",
        var a when Uri.TryCreate(a, UriKind.Absolute, out var uri) && uri.Host.Length > 0 && uri.Scheme.Length > 0 => "approved",
        _ => "invalid",
    };

    private static void ValidateNames(JsonObject names, string path, FieldErrors errors)
    {
        foreach (var field in new[] { "plural", "singular" })
        {
            if (Str(names[field]) is { Length: > 0 } value && ObjectMetaValidation.Dns1035LabelError(value) is { } error)
            {
                errors.Invalid($"{path}.{field}", value, error);
            }
        }
        var shortNames = names["shortNames"] as JsonArray ?? [];
        for (var i = 0; i < shortNames.Count; i++)
        {
            if (ObjectMetaValidation.Dns1035LabelError(Str(shortNames[i])) is { } error)
            {
                errors.Invalid($"{path}.shortNames[{i}]", Str(shortNames[i]), error);
            }
        }
        foreach (var field in new[] { "kind", "listKind" })
        {
            if (Str(names[field]) is { Length: > 0 } value && ObjectMetaValidation.Dns1035LabelError(value.ToLowerInvariant()) is { } error)
            {
                errors.Invalid($"{path}.{field}", value, "may have mixed case, but should otherwise match: " + error);
            }
        }
        if (Str(names["kind"]) is { Length: > 0 } kind && kind == Str(names["listKind"]))
        {
            errors.Invalid($"{path}.listKind", kind, "kind and listKind may not be the same");
        }
        var categories = names["categories"] as JsonArray ?? [];
        for (var i = 0; i < categories.Count; i++)
        {
            if (ObjectMetaValidation.Dns1035LabelError(Str(categories[i])) is { } error)
            {
                errors.Invalid($"{path}.categories[{i}]", Str(categories[i]), error);
            }
        }
    }

    private static void ValidateUpdate(JsonObject crd, JsonObject old, FieldErrors errors)
    {
        var spec = Spec(crd);
        var oldSpec = old["spec"] as JsonObject ?? [];
        if (CustomResources.CustomResourceKinds.IsEstablished(old))
        {
            Immutable(errors, "spec.scope", spec["scope"], oldSpec["scope"]);
            Immutable(errors, "spec.names.kind", spec["names"]?["kind"], oldSpec["names"]?["kind"]);
        }
        Immutable(errors, "spec.group", spec["group"], oldSpec["group"]);
        Immutable(errors, "spec.names.plural", spec["names"]?["plural"], oldSpec["names"]?["plural"]);
        var versions = (spec["versions"] as JsonArray ?? []).Select(v => Str(v?["name"])).ToHashSet();
        var stored = crd["status"]?["storedVersions"] as JsonArray ?? [];
        for (var i = 0; i < stored.Count; i++)
        {
            if (!versions.Contains(Str(stored[i])))
            {
                errors.Invalid($"status.storedVersions[{i}]", Str(stored[i]), "must appear in spec.versions");
            }
        }
    }

    private static void Immutable(FieldErrors errors, string path, JsonNode? value, JsonNode? old)
    {
        if (!JsonNode.DeepEquals(value, old))
        {
            errors.Immutable(path, Str(value));
        }
    }

    private static JsonObject Spec(JsonObject crd)
    {
        if (crd["spec"] is not JsonObject spec)
        {
            spec = [];
            crd["spec"] = spec;
        }
        return spec;
    }

    private static string? StorageVersion(JsonObject spec) =>
        (spec["versions"] as JsonArray ?? []).OfType<JsonObject>().Where(v => v["storage"]?.GetValue<bool>() == true).Select(v => Str(v["name"])).FirstOrDefault();

    private static string Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";
}
