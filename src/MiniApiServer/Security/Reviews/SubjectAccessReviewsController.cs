using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Security.Reviews;

/// <summary>
/// What another user may do (pkg/registry/authorization/subjectaccessreview and localsubjectaccessreview): create-only,
/// never stored, the subject taken from the spec as given, answered by the configured authorizer. Webhook and proxy
/// authorizers (kube-rbac-proxy, an aggregated API server) ask this; system:auth-delegator may.
/// </summary>
[ApiController]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class SubjectAccessReviewsController(IAuthorizer authorizer) : ControllerBase
{
    private const string AuthorizationV1 = "authorization.k8s.io/v1";

    [HttpPost("apis/authorization.k8s.io/v1/subjectaccessreviews")]
    public async Task SubjectAccessReview()
    {
        var review = await ReviewBody.ReadAsync(Request, typeof(k8s.Models.V1SubjectAccessReview)).ConfigureAwait(false);
        var spec = review["spec"] as JsonObject ?? [];
        var errors = AccessReviewSpec.Validate(spec, subject: true);
        if (!AccessReviewSpec.MetadataIsEmpty(review, allowNamespace: false))
        {
            errors.Invalid("metadata", AccessReviewSpec.MetadataValue(review), "must be empty");
        }
        AccessReviewSpec.ThrowIfInvalid(errors);
        var decision = await authorizer.AuthorizeAsync(AccessReviewSpec.Attributes(AccessReviewSpec.Subject(spec), spec), HttpContext.RequestAborted).ConfigureAwait(false);
        await ReviewResponse.WriteAsync(Response, ReviewResponse.Created("SubjectAccessReview", AuthorizationV1,
            new JsonObject { ["spec"] = spec.DeepClone(), ["status"] = AccessReviewSpec.Status(decision) })).ConfigureAwait(false);
    }

    [HttpPost("apis/authorization.k8s.io/v1/namespaces/{namespace}/localsubjectaccessreviews")]
    public async Task LocalSubjectAccessReview(string @namespace)
    {
        var review = await ReviewBody.ReadAsync(Request, typeof(k8s.Models.V1LocalSubjectAccessReview)).ConfigureAwait(false);
        var spec = review["spec"] as JsonObject ?? [];
        // The create handler fills an empty metadata.namespace from the path and refuses another one before the REST storage runs.
        var bodyNamespace = AccessReviewSpec.Str(review["metadata"] as JsonObject ?? [], "namespace");
        if (bodyNamespace.Length > 0 && bodyNamespace != @namespace)
        {
            throw ApiErrors.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
        var errors = AccessReviewSpec.Validate(spec, subject: true);
        if (!AccessReviewSpec.MetadataIsEmpty(review, allowNamespace: true))
        {
            errors.Invalid("metadata", AccessReviewSpec.MetadataValue(review), "must be empty except for namespace");
        }
        if (spec["resourceAttributes"] is JsonObject resource && AccessReviewSpec.Str(resource, "namespace") is var asked && asked != @namespace)
        {
            errors.Invalid("spec.resourceAttributes.namespace", asked, "must match metadata.namespace");
        }
        if (spec["nonResourceAttributes"] is JsonObject nonResource)
        {
            errors.Invalid("spec.nonResourceAttributes", AccessReviewSpec.NonResourceValue(nonResource), "disallowed on this kind of request");
        }
        AccessReviewSpec.ThrowIfInvalid(errors);
        var decision = await authorizer.AuthorizeAsync(AccessReviewSpec.Attributes(AccessReviewSpec.Subject(spec), spec), HttpContext.RequestAborted).ConfigureAwait(false);
        await ReviewResponse.WriteAsync(Response, ReviewResponse.Created("LocalSubjectAccessReview", AuthorizationV1,
            new JsonObject { ["spec"] = spec.DeepClone(), ["status"] = AccessReviewSpec.Status(decision) }, @namespace)).ConfigureAwait(false);
    }
}
