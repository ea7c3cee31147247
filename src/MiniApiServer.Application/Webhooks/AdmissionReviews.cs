using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// The AdmissionReview a webhook is sent and the checks on its answer (webhook/request/admissionreview.go:
/// CreateV1AdmissionReview, CreateV1beta1AdmissionReview, VerifyAdmissionResponse), in upstream's words.
/// </summary>
public static class AdmissionReviews
{
    /// <summary>The first of the webhook's admissionReviewVersions this server speaks, or null.</summary>
    public static string? VersionFor(AdmissionWebhook webhook) =>
        webhook.AdmissionReviewVersions.FirstOrDefault(v => v is "v1" or "v1beta1");

    public static JsonObject Request(string uid, string version, AdmissionAttributes attrs)
    {
        var type = attrs.Type;
        var (objectGroup, objectVersion, objectKind) = attrs.ObjectKind ?? (type.Group, type.Version, type.Kind);
        var gvk = new JsonObject { ["group"] = objectGroup, ["version"] = objectVersion, ["kind"] = objectKind };
        var gvr = new JsonObject { ["group"] = type.Group, ["version"] = type.Version, ["resource"] = type.Plural };
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = gvk,
            ["resource"] = gvr,
        };
        if (attrs.Subresource is { Length: > 0 } sub)
        {
            request["subResource"] = sub;
        }
        request["requestKind"] = gvk.DeepClone();
        request["requestResource"] = gvr.DeepClone();
        if (attrs.Subresource is { Length: > 0 })
        {
            request["requestSubResource"] = attrs.Subresource;
        }
        if (attrs.Name.Length > 0)
        {
            request["name"] = attrs.Name;
        }
        if (attrs.Namespace.Length > 0)
        {
            request["namespace"] = attrs.Namespace;
        }
        request["operation"] = attrs.Operation;
        var user = new JsonObject { ["username"] = attrs.User.Username };
        if (attrs.User.Uid.Length > 0)
        {
            user["uid"] = attrs.User.Uid;
        }
        if (attrs.User.Groups.Count > 0)
        {
            user["groups"] = new JsonArray([.. attrs.User.Groups.Select(g => (JsonNode?)g)]);
        }
        if (attrs.User.Extra.Count > 0)
        {
            user["extra"] = new JsonObject(attrs.User.Extra.Select(e => KeyValuePair.Create(e.Key, (JsonNode?)new JsonArray([.. e.Value.Select(v => (JsonNode?)v)]))));
        }
        request["userInfo"] = user;
        request["object"] = attrs.Object?.DeepClone();
        request["oldObject"] = attrs.OldObject?.DeepClone();
        request["dryRun"] = attrs.DryRun;
        request["options"] = attrs.Options?.DeepClone();
        return new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/" + version,
            ["request"] = request,
        };
    }

    /// <summary>VerifyAdmissionResponse: the reason a response cannot be used, as the error names it, or the response.</summary>
    public static AdmissionResponse Verify(string uid, string version, bool mutating, JsonNode? review)
    {
        if (review?["response"] is not JsonObject response)
        {
            throw new FormatException("webhook response was absent");
        }
        byte[]? patch;
        try
        {
            patch = response["patch"] is JsonValue p && p.TryGetValue<string>(out var b64) && b64.Length > 0 ? Convert.FromBase64String(b64) : null;
        }
        catch (FormatException)
        {
            throw new FormatException("illegal base64 data in response.patch");
        }
        var patchType = response["patchType"] is JsonValue pt && pt.TryGetValue<string>(out var ptText) ? ptText : null;
        if (version == "v1")
        {
            var gotUid = response["uid"] is JsonValue u && u.TryGetValue<string>(out var us) ? us : "";
            if (gotUid != uid)
            {
                throw new FormatException($"expected response.uid=\"{uid}\", got \"{gotUid}\"");
            }
            var apiVersion = review["apiVersion"]?.GetValue<string>() ?? "";
            var kind = review["kind"]?.GetValue<string>() ?? "";
            if (apiVersion != "admission.k8s.io/v1" || kind != "AdmissionReview")
            {
                throw new FormatException($"expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got {GroupVersionKindText(apiVersion, kind)}");
            }
            if (mutating)
            {
                if (patch is not null && response["patchType"] is null)
                {
                    throw new FormatException("webhook returned response.patch but not response.patchType");
                }
                if (patch is null && response["patchType"] is not null)
                {
                    throw new FormatException("webhook returned response.patchType but not response.patch");
                }
                if (patchType is "")
                {
                    throw new FormatException("webhook returned invalid response.patchType of \"\"");
                }
            }
            else if (patch is not null)
            {
                throw new FormatException("validating webhook may not return response.patch");
            }
            else if (response["patchType"] is not null)
            {
                throw new FormatException("validating webhook may not return response.patchType");
            }
        }
        else
        {
            // v1beta1 answers were never checked for uid or patch type; a patch there is a JSON patch.
            patchType = patch is null ? null : "JSONPatch";
        }
        if (patch is not null && patchType != "JSONPatch")
        {
            throw new NotSupportedException($"unsupported patch type \"{patchType}\"");
        }
        // Fields of the wrong type fail the decode, as in upstream's client, and so are failures to call: failurePolicy decides.
        var allowed = response["allowed"] switch
        {
            null => false,
            JsonValue a when a.TryGetValue<bool>(out var ab) => ab,
            var other => throw new FormatException($"json: cannot unmarshal {Serialization.GoJsonKind.Of(other)} into Go struct field AdmissionResponse.response.allowed of type bool"),
        };
        if (response["status"] is { } status and not JsonObject)
        {
            throw new FormatException($"json: cannot unmarshal {Serialization.GoJsonKind.Of(status)} into Go struct field AdmissionResponse.response.status of type v1.Status");
        }
        var warnings = new List<string>();
        foreach (var warning in (response["warnings"] as JsonArray ?? []).Where(w => w is not null))
        {
            warnings.Add(warning is JsonValue v && v.TryGetValue<string>(out var text) ? text
                : throw new FormatException($"json: cannot unmarshal {Serialization.GoJsonKind.Of(warning!)} into Go struct field AdmissionResponse.response.warnings of type string"));
        }
        return new AdmissionResponse(allowed, response["status"] as JsonObject, mutating ? patch : null, warnings);
    }

    /// <summary>schema.GroupVersionKind's String(): "group/version, Kind=kind", so "/v1, Kind=kind" for the core group.</summary>
    private static string GroupVersionKindText(string apiVersion, string kind) =>
        (apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion : "/" + apiVersion) + ", Kind=" + kind;
}
