using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Security.ServiceAccounts;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// Who a bearer token belongs to (pkg/registry/authentication/tokenreview/storage.go): create-only, never stored, the
/// token asked of the same authenticators requests are, for the audiences in the spec or else the API's own.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class TokenReviewsController(Authenticators authenticators) : ControllerBase
{
    [HttpPost("apis/authentication.k8s.io/v1/tokenreviews")]
    public async Task TokenReview()
    {
        var review = await ReviewBody.ReadAsync(Request, typeof(k8s.Models.V1TokenReview)).ConfigureAwait(false);
        var spec = review["spec"] as JsonObject ?? [];
        var token = AccessReviewSpec.Str(spec, "token");
        if (token.Length == 0)
        {
            throw ApiErrors.BadRequest("token is required for TokenReview in authentication");
        }
        var asked = (spec["audiences"] as JsonArray ?? []).Select(a => a is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList();
        var result = authenticators.ReviewToken(token, asked.Count > 0 ? asked : [ServiceAccountTokens.Issuer]);
        // TokenReviewStatus's user is a struct, so an unauthenticated answer still carries "user": {}.
        var status = result.User is { } user
            ? new JsonObject { ["authenticated"] = true, ["user"] = ReviewResponse.UserInfo(user), ["audiences"] = ReviewResponse.Strings(result.Audiences) }
            : new JsonObject { ["user"] = new JsonObject(), ["error"] = result.Error };
        await ReviewResponse.WriteAsync(Response, ReviewResponse.Created("TokenReview", "authentication.k8s.io/v1",
            new JsonObject { ["spec"] = spec.DeepClone(), ["status"] = status })).ConfigureAwait(false);
    }
}
