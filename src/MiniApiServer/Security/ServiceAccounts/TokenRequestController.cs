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

    [HttpPost("api/v1/namespaces/{ns}/serviceaccounts/{name}/token")]
    public async Task Create(string ns, string name)
    {
        var request = await ReviewBody.ReadAsync(Request).ConfigureAwait(false);
        var accounts = service.Registry.ServiceAccounts;
        var stored = service.TryGet(accounts, ns, name) ?? throw ApiErrors.NotFound(accounts, name);
        var uid = JsonNode.Parse(stored.Json)?["metadata"]?["uid"]?.GetValue<string>() ?? "";
        var spec = request["spec"] as JsonObject ?? [];
        var seconds = spec["expirationSeconds"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : DefaultExpirationSeconds;
        if (seconds < MinExpirationSeconds)
        {
            throw Invalid(name, seconds, "may not specify a duration less than 10 minutes");
        }
        if (seconds > MaxExpirationSeconds)
        {
            throw Invalid(name, seconds, "may not specify a duration larger than 2^32 seconds");
        }
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.GetValue<string>() ?? "").Where(a => a.Length > 0).ToList() is { Count: > 0 } given
            ? given
            : [ServiceAccountTokens.Issuer];
        var expires = time.GetUtcNow().AddSeconds(seconds);
        var token = tokens.Issue(ns, name, uid, audiences, expires);
        var response = new JsonObject
        {
            ["kind"] = "TokenRequest",
            ["apiVersion"] = "authentication.k8s.io/v1",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["creationTimestamp"] = null },
            ["spec"] = new JsonObject
            {
                ["audiences"] = new JsonArray(audiences.Select(a => (JsonNode?)a).ToArray()),
                ["expirationSeconds"] = seconds,
                ["boundObjectRef"] = spec["boundObjectRef"]?.DeepClone(),
            },
            ["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectMeta.Timestamp(expires) },
        };
        await ObjectWriter.WriteObjectAsync(Response, System.Text.Encoding.UTF8.GetBytes(response.ToJsonString()), 201).ConfigureAwait(false);
    }

    private static ApiException Invalid(string name, long seconds, string detail) =>
        new(422, "Invalid", $"TokenRequest.authentication.k8s.io \"{name}\" is invalid: spec.expirationSeconds: Invalid value: {seconds}: {detail}");
}
