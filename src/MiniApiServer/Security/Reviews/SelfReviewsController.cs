using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Http;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// What a user may do and who they are, asked of the server itself (pkg/registry/authorization/
/// selfsubjectaccessreview, selfsubjectrulesreview and pkg/registry/authentication/selfsubjectreview):
/// create-only, never stored, answered for the requesting user through the configured authorizer.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SelfReviewsController(IAuthorizer authorizer) : ControllerBase
{
    private const string AuthorizationV1 = "authorization.k8s.io/v1";

    [HttpPost("apis/authorization.k8s.io/v1/selfsubjectaccessreviews")]
    public async Task AccessReview()
    {
        var review = await ReviewBody.ReadAsync(Request, typeof(V1SelfSubjectAccessReview)).ConfigureAwait(false);
        var spec = review["spec"] as JsonObject ?? [];
        var errors = AccessReviewSpec.Validate(spec, subject: false);
        if (!AccessReviewSpec.MetadataIsEmpty(review, allowNamespace: false))
        {
            errors.Invalid("metadata", AccessReviewSpec.MetadataValue(review), "must be empty");
        }
        AccessReviewSpec.ThrowIfInvalid(errors);
        var decision = await authorizer.AuthorizeAsync(AccessReviewSpec.Attributes(RequestUser, spec), HttpContext.RequestAborted).ConfigureAwait(false);
        await ReviewResponse.WriteAsync(Response, ReviewResponse.Created("SelfSubjectAccessReview", AuthorizationV1, new JsonObject { ["spec"] = spec.DeepClone(), ["status"] = AccessReviewSpec.Status(decision) })).ConfigureAwait(false);
    }

    [HttpPost("apis/authorization.k8s.io/v1/selfsubjectrulesreviews")]
    public async Task RulesReview()
    {
        var review = await ReviewBody.ReadAsync(Request, typeof(V1SelfSubjectRulesReview)).ConfigureAwait(false);
        var ns = Str(review["spec"] as JsonObject ?? [], "namespace");
        if (ns.Length == 0)
        {
            throw ApiErrors.BadRequest("no namespace on request");
        }
        var rules = await authorizer.RulesForAsync(RequestUser, ns, HttpContext.RequestAborted).ConfigureAwait(false);
        var status = new JsonObject
        {
            ["resourceRules"] = new JsonArray(rules.Rules.Where(r => r.Resources is { Count: > 0 }).Select(r => (JsonNode?)new JsonObject
            {
                ["verbs"] = ReviewResponse.Strings(r.Verbs),
                ["apiGroups"] = ReviewResponse.Strings(r.ApiGroups),
                ["resources"] = ReviewResponse.Strings(r.Resources),
                ["resourceNames"] = ReviewResponse.Strings(r.ResourceNames),
            }).ToArray()),
            ["nonResourceRules"] = new JsonArray(rules.Rules.Where(r => r.NonResourceURLs is { Count: > 0 }).Select(r => (JsonNode?)new JsonObject
            {
                ["verbs"] = ReviewResponse.Strings(r.Verbs),
                ["nonResourceURLs"] = ReviewResponse.Strings(r.NonResourceURLs),
            }).ToArray()),
            ["incomplete"] = false,
        };
        if (rules.Errors.Count > 0)
        {
            status["evaluationError"] = rules.Errors.Count == 1 ? rules.Errors[0] : $"[{string.Join(", ", rules.Errors)}]";
        }
        await ReviewResponse.WriteAsync(Response, ReviewResponse.Created("SelfSubjectRulesReview", AuthorizationV1, new JsonObject { ["spec"] = new JsonObject { ["namespace"] = ns }, ["status"] = status })).ConfigureAwait(false);
    }

    [HttpPost("apis/authentication.k8s.io/v1/selfsubjectreviews")]
    public async Task WhoAmI()
    {
        await ReviewBody.ReadAsync(Request, typeof(V1SelfSubjectReview)).ConfigureAwait(false);
        var info = ReviewResponse.UserInfo(RequestUser);
        await ReviewResponse.WriteAsync(Response, ReviewResponse.Created("SelfSubjectReview", "authentication.k8s.io/v1", new JsonObject { ["status"] = new JsonObject { ["userInfo"] = info } })).ConfigureAwait(false);
    }

    /// <summary>With authentication off, requests act as kube-apiserver's old insecure port did: system:unsecured, all-powerful.</summary>
    private UserInfo RequestUser => HttpContext.Items[UserInfo.ContextKey] as UserInfo ?? UserInfo.UnsecuredRequestor;

    private static string Str(JsonObject obj, string name) => ObjectMeta.Str(obj, name) ?? "";
}
