using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Security;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// k8s.io/apiserver/pkg/endpoints/filters/audit.go under --audit-policy-file: every request after authentication, at
/// the level the policy gives it, with the RequestReceived, ResponseStarted (watches) and ResponseComplete stages it
/// does not omit, or Panic for an error nothing answers (upstream's recover), the request body at Request and the
/// response at RequestResponse, the authorizer's decision as annotations, and the Audit-Id header. Writes made from
/// HTTP are then not audited again by <see cref="AuditBehavior{TMessage, TResponse}"/>.
/// </summary>
/// <param name="unauthenticated">Who a request that skipped authentication is: the open paths' anonymous caller, or
/// without authentication the all-powerful unsecured requestor.</param>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog log, AuditPolicy policy, TimeProvider time, UserInfo unauthenticated)
{
    internal const string AuditedKey = "miniapiserver.audited";
    internal const string DecisionKey = "miniapiserver.authorization-decision";

    // Bodies larger than this are logged without their object, as a buffered copy would cost the request its memory.
    private const int MaxLoggedBody = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        context.Items[AuditedKey] = true;
        var auditId = AuditId(context);
        // The authenticated user, before impersonation replaces it: the policy and the event's user are the requester's.
        var user = context.Items[UserInfo.ContextKey] as UserInfo ?? unauthenticated;
        var attributes = RequestAttributes.From(context.Request, user);
        var (level, omit, omitManagedFields) = policy.Evaluate(attributes);
        if (level == AuditLevel.None)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var received = time.GetUtcNow();
        var record = new AuditRecord(auditId, level, attributes, context, received, Application.Admission.AuditAnnotations.Begin());
        // How a Status written without an exception (the authorizer's 403) reaches the event.
        context.Features.Set(record);
        if (!omit.Contains("RequestReceived"))
        {
            log.Write(record.Event("RequestReceived", received, null));
        }
        if (attributes.Verb == "watch" && !omit.Contains("ResponseStarted"))
        {
            context.Response.OnStarting(() =>
            {
                log.Write(record.Event("ResponseStarted", time.GetUtcNow(), AuditRecord.ResponseStatus(context.Response.StatusCode, null)));
                return Task.CompletedTask;
            });
        }
        var tee = level == AuditLevel.RequestResponse && !Streamed(attributes) ? new AuditResponseTee(context.Response.Body, MaxLoggedBody) : null;
        var body = context.Response.Body;
        if (tee is not null)
        {
            context.Response.Body = tee;
        }
        JsonNode? requestObject = null;
        ApiException? failure = null;
        Exception? panic = null;
        try
        {
            requestObject = level >= AuditLevel.Request ? await RequestObjectAsync(context.Request, omitManagedFields).ConfigureAwait(false) : null;
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The Status StatusExceptionMiddleware answers with; an error it has no answer for is a bug, upstream's panic.
            failure = Http.StatusExceptionMiddleware.Translate(ex);
            panic = failure is null && !context.RequestAborted.IsCancellationRequested ? ex : null;
            failure ??= new ApiException(500, "InternalError", "Internal error occurred");
            throw;
        }
        finally
        {
            context.Response.Body = body;
            var stage = panic is null ? "ResponseComplete" : "Panic";
            if (!omit.Contains(stage))
            {
                var responseObject = tee?.Captured is { } bytes ? Parse(bytes, context.Response.ContentType, omitManagedFields) : null;
                var status = panic is null
                    ? AuditRecord.ResponseStatus(failure?.Code ?? context.Response.StatusCode, failure ?? record.WrittenStatus)
                    : AuditRecord.ResponseStatus(500, new ApiException(500, "InternalError", $"APIServer panic'd: {panic.Message}"));
                log.Write(record.Event(stage, time.GetUtcNow(), status, requestObject, responseObject));
            }
        }
    }

    /// <summary>filters/audit_init.go: every request has an id, the client's own or a new one, echoed back.</summary>
    internal static string AuditId(HttpContext context)
    {
        var auditId = context.Request.Headers["Audit-ID"].FirstOrDefault() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        context.Response.Headers["Audit-Id"] = auditId;
        return auditId;
    }

    /// <summary>Answers that stream for as long as they run: their bytes are passed on and never kept.</summary>
    private static bool Streamed(AuthorizationAttributes a) =>
        a.Verb == "watch" || a.Subresource is "log" or "exec" or "attach" or "portforward" or "proxy" || a.Verb == "proxy";

    private static async Task<JsonNode?> RequestObjectAsync(HttpRequest request, bool omitManagedFields)
    {
        if (request.Method is not ("POST" or "PUT" or "PATCH") || request.ContentLength is > MaxLoggedBody)
        {
            return null;
        }
        request.EnableBuffering();
        using var copy = new MemoryStream();
        await request.Body.CopyToAsync(copy, request.HttpContext.RequestAborted).ConfigureAwait(false);
        request.Body.Position = 0;
        return Parse(copy.ToArray(), request.ContentType, omitManagedFields);
    }

    /// <summary>A JSON, YAML or protobuf body as the event's object, as upstream logs the decoded object; anything unreadable is left out.</summary>
    private static JsonNode? Parse(byte[] bytes, string? contentType, bool omitManagedFields)
    {
        if (bytes.Length == 0 || bytes.Length > MaxLoggedBody)
        {
            return null;
        }
        var type = Http.MediaTypes.BaseType(contentType);
        try
        {
            var node = type switch
            {
                Http.MediaTypes.Protobuf => Application.Serialization.Protobuf.KubernetesProtobuf.Decode(bytes),
                _ when type.Contains("yaml", StringComparison.Ordinal) => YamlToJson.Convert(System.Text.Encoding.UTF8.GetString(bytes)),
                _ when type.Contains("json", StringComparison.Ordinal) => JsonNode.Parse(bytes),
                _ => null,
            };
            if (omitManagedFields && node is JsonObject obj)
            {
                // audit/request.go removeManagedFields: the object's, or each item's of a list.
                (obj["metadata"] as JsonObject)?.Remove("managedFields");
                foreach (var item in (obj["items"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    (item["metadata"] as JsonObject)?.Remove("managedFields");
                }
            }
            return node;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or NotSupportedException or YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }
}
