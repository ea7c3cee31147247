using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Security.ServiceAccounts;

/// <summary>
/// ServiceAccountIssuerDiscovery (pkg/serviceaccount/openidmetadata.go): the OpenID provider configuration and the key
/// set that verify this server's service account tokens, so a relying party outside the cluster (Vault's JWT auth, a
/// cloud's workload identity federation) checks a token without asking the server. The
/// system:service-account-issuer-discovery role lets every ServiceAccount read them.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class IssuerDiscoveryController(ServiceAccountTokens tokens) : ControllerBase
{
    public const string ConfigurationPath = "/.well-known/openid-configuration";
    public const string KeySetPath = "/openid/v1/jwks";

    [HttpGet(".well-known/openid-configuration")]
    public Task Configuration()
    {
        // Upstream's jwks_uri is its external address (--service-account-jwks-uri to override); the address the client
        // reached is the one this server knows it by.
        var configuration = new JsonObject
        {
            ["issuer"] = ServiceAccountTokens.Issuer,
            ["jwks_uri"] = $"{Request.Scheme}://{Request.Host}{KeySetPath}",
            ["response_types_supported"] = new JsonArray("id_token"),
            ["subject_types_supported"] = new JsonArray("public"),
            ["id_token_signing_alg_values_supported"] = new JsonArray("ES256"),
        };
        return Write(configuration, "application/json");
    }

    [HttpGet("openid/v1/jwks")]
    public Task KeySet() =>
        Write(new JsonObject { ["keys"] = new JsonArray(tokens.PublicKey() ?? throw ApiErrors.ServiceUnavailable("the service account signing key is not loaded yet")) },
            "application/jwk-set+json");

    // openidmetadata.go serves both with an hour's public caching: the key changes only with a new signing key.
    private async Task Write(JsonObject body, string contentType)
    {
        Response.ContentType = contentType;
        Response.Headers.CacheControl = "public, max-age=3600";
        await Response.WriteAsync(body.ToJsonString(), HttpContext.RequestAborted).ConfigureAwait(false);
    }
}
