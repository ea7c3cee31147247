using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Http;
using MiniApiServer.Security.Reviews;

namespace MiniApiServer.Security.ServiceAccounts;

/// <summary>
/// serviceaccounts/token (pkg/registry/core/serviceaccount/storage/token.go): a TokenRequest for an existing
/// ServiceAccount returns a signed token bound to its uid, valid for spec.expirationSeconds (default one hour,
/// at least ten minutes) and for spec.audiences (default the API server's own).
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class TokenRequestController(ResourceService service, ServiceAccountTokens tokens, TimeProvider time) : ControllerBase
{
    private const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;
    private const long WarnOnlyBoundTokenExpirationSeconds = 3607;
    private const long ExpirationExtensionSeconds = 24 * 365 * 60 * 60;

    [HttpPost("api/v1/namespaces/{ns}/serviceaccounts/{name}/token")]
    public async Task Create(string ns, string name)
    {
        var request = await ReviewBody.ReadAsync(Request, typeof(k8s.Models.Authenticationv1TokenRequest)).ConfigureAwait(false);
        var meta = request["metadata"] as JsonObject ?? [];
        if (ObjectMeta.Str(meta, "name") is { Length: > 0 } bodyName && bodyName != name)
        {
            throw Invalid(name, "metadata.name", bodyName, "must match the service account name if specified");
        }
        if (ObjectMeta.Str(meta, "namespace") is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
        {
            throw Invalid(name, "metadata.namespace", bodyNamespace, "must match the service account namespace if specified");
        }
        var accounts = service.Registry.ServiceAccounts;
        var stored = service.TryGet(accounts, ns, name) ?? throw ApiErrors.NotFound(accounts, name);
        var uid = Uid(stored);
        var spec = request["spec"] as JsonObject ?? [];
        var seconds = spec["expirationSeconds"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : DefaultExpirationSeconds;
        // ValidateTokenRequest runs on a request with no name yet, so its 422 names none.
        if (seconds < MinExpirationSeconds)
        {
            throw Invalid("", "spec.expirationSeconds", seconds, "may not specify a duration less than 10 minutes");
        }
        if (seconds > MaxExpirationSeconds)
        {
            throw Invalid("", "spec.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds");
        }
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() is { Count: > 0 } given
            ? given
            : [ServiceAccountTokens.Issuer];
        var now = time.GetUtcNow();
        var binding = spec["boundObjectRef"] is JsonObject reference ? Bind(ns, name, reference) : TokenBinding.None;
        // --service-account-extend-token-expiration (on by default): the kubelet's pod-bound 3607 s token for the API is
        // issued for a year and only warns after 3607 s, so a client slow to reload it keeps working (token.go).
        var lifetime = seconds;
        // isKubeAudiences: every audience asked for is the API's, so no other party gets a year-long token.
        if (binding.Pod is not null && seconds == WarnOnlyBoundTokenExpirationSeconds && audiences.All(a => a == ServiceAccountTokens.Issuer))
        {
            binding = binding with { WarnAfter = now.AddSeconds(seconds) };
            lifetime = ExpirationExtensionSeconds;
        }
        var token = tokens.Issue(ns, name, uid, audiences, now.AddSeconds(lifetime), binding);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = ObjectMeta.Timestamp(now) },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode?)a).ToArray()),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectMeta.Timestamp(now.AddSeconds(seconds)) },
        };
        await ObjectWriter.WriteObjectAsync(Response, System.Text.Encoding.UTF8.GetBytes(response.ToJsonString()), 201).ConfigureAwait(false);
    }

    // token.go's boundObjectRef switch: a Pod of this ServiceAccount (with its node, ServiceAccountTokenPodNodeInfo), a
    // Secret, or a Node (ServiceAccountTokenNodeBinding, beta and on in 1.32); a uid given must be the object's.
    private TokenBinding Bind(string ns, string account, JsonObject reference)
    {
        var kind = ObjectMeta.Str(reference, "kind") ?? "";
        var apiVersion = ObjectMeta.Str(reference, "apiVersion") ?? "";
        var objectName = ObjectMeta.Str(reference, "name") ?? "";
        var registry = service.Registry;
        // schema.FromAPIVersionAndKind: only the group and kind decide, whatever the version.
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("", apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        var (type, objectNs) = (group, kind) switch
        {
            ("", "Pod") => (registry.Pods, ns),
            ("", "Secret") => (registry.Secrets, ns),
            ("", "Node") => (registry.Nodes, ""),
            _ => throw ApiErrors.BadRequest($"cannot bind token to object of type {group}/{version}, Kind={kind}"),
        };
        if (objectName.Length == 0)
        {
            // The registry's key function refuses an empty name before it looks (NamespaceKeyFunc, NoNamespaceKeyFunc).
            throw ApiErrors.BadRequest("Name parameter required.");
        }
        var stored = service.TryGet(type, objectNs, objectName) ?? throw ApiErrors.NotFound(type, objectName);
        var obj = JsonNode.Parse(stored.Json) as JsonObject ?? [];
        var uid = ObjectMeta.Str(obj["metadata"] as JsonObject ?? [], "uid") ?? "";
        if (ObjectMeta.Str(reference, "uid") is { Length: > 0 } wanted && wanted != uid)
        {
            throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on {kind} \"{objectName}\": the UID in the bound object reference ({wanted}) does not match the UID in record. The object might have been deleted and then recreated")
            {
                Details = new StatusDetails(objectName, "", kind),
            };
        }
        var bound = new TokenBinding.Ref(objectName, uid);
        return kind switch
        {
            "Pod" => BindPod(account, obj, bound),
            "Secret" => new TokenBinding(Secret: bound),
            _ => new TokenBinding(Node: bound),
        };
    }

    private TokenBinding BindPod(string account, JsonObject pod, TokenBinding.Ref bound)
    {
        var podSpec = pod["spec"] as JsonObject ?? [];
        if ((ObjectMeta.Str(podSpec, "serviceAccountName") ?? "") != account)
        {
            throw ApiErrors.BadRequest($"cannot bind token for serviceaccount \"{account}\" to pod running with different serviceaccount name.");
        }
        if (ObjectMeta.Str(podSpec, "nodeName") is not { Length: > 0 } nodeName)
        {
            return new TokenBinding(Pod: bound);
        }
        // A node that is not found is still named, without a uid, so the token says where the pod was assigned.
        var node = service.TryGet(service.Registry.Nodes, "", nodeName);
        var nodeUid = node is null ? "" : Uid(node);
        return new TokenBinding(Pod: bound, Node: new TokenBinding.Ref(nodeName, nodeUid));
    }

    private static string Uid(Storage.StoredObject stored) => JsonNode.Parse(stored.Json)?["metadata"]?["uid"]?.GetValue<string>() ?? "";

    private static ApiException Invalid(string name, string field, object value, string detail)
    {
        var errors = new FieldErrors();
        errors.Invalid(field, value, detail);
        return ApiErrors.Invalid("authentication.k8s.io", "TokenRequest", name, errors.Causes);
    }
}
