using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Security;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// k8s.io/apiserver/pkg/endpoints/filters/audit.go under --audit-policy-file: every request after authentication, at
/// the level the policy gives it, with the RequestReceived, ResponseStarted (watches) and ResponseComplete stages it
/// does not omit, the request body at Request and the response at RequestResponse, the authorizer's decision as
/// annotations, and the Audit-Id header. Writes made from HTTP are then not audited again by <see cref="AuditBehavior{TMessage, TResponse}"/>.
/// </summary>
public sealed class AuditMiddleware(RequestDelegate next, AuditLog log, AuditPolicy policy, TimeProvider time)
{
    internal const string AuditedKey = "miniapiserver.audited";
    internal const string DecisionKey = "miniapiserver.authorization-decision";

    // Bodies larger than this are logged without their object, as a buffered copy would cost the request its memory.
    private const int MaxLoggedBody = 1 << 20;

    public async Task InvokeAsync(HttpContext context)
    {
        context.Items[AuditedKey] = true;
        var user = context.Items[UserInfo.ContextKey] as UserInfo ?? UserInfo.UnsecuredRequestor;
        var attributes = RequestAttributes.From(context.Request, user);
        var (level, omit, omitManagedFields) = policy.Evaluate(attributes);
        if (level == AuditLevel.None)
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var auditId = context.Request.Headers["Audit-ID"].FirstOrDefault() is { Length: > 0 } given ? given : Guid.NewGuid().ToString();
        context.Response.Headers["Audit-Id"] = auditId;
        var received = time.GetUtcNow();
        var requestObject = level >= AuditLevel.Request ? await RequestObjectAsync(context.Request, omitManagedFields).ConfigureAwait(false) : null;
        var record = new AuditRecord(auditId, level, attributes, context, received, requestObject, Application.Admission.AuditAnnotations.Begin());
        if (!omit.Contains("RequestReceived"))
        {
            log.Write(record.Event("RequestReceived", received, null));
        }
        if (attributes.Verb == "watch" && !omit.Contains("ResponseStarted"))
        {
            context.Response.OnStarting(() =>
            {
                log.Write(record.Event("ResponseStarted", time.GetUtcNow(), Status(context.Response.StatusCode, null)));
                return Task.CompletedTask;
            });
        }
        var capture = level == AuditLevel.RequestResponse && attributes.Verb != "watch" ? new MemoryStream() : null;
        var body = context.Response.Body;
        if (capture is not null)
        {
            context.Response.Body = capture;
        }
        ApiException? failure = null;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Anything else is the 500 StatusExceptionMiddleware answers with.
            failure = ex as ApiException ?? new ApiException(500, "InternalError", "Internal error occurred");
            throw;
        }
        finally
        {
            JsonNode? responseObject = null;
            if (capture is not null)
            {
                context.Response.Body = body;
                capture.Position = 0;
                responseObject = Parse(capture.ToArray(), context.Response.ContentType, omitManagedFields);
                await capture.CopyToAsync(body).ConfigureAwait(false);
            }
            if (!omit.Contains("ResponseComplete"))
            {
                var code = failure?.Code ?? context.Response.StatusCode;
                log.Write(record.Event("ResponseComplete", time.GetUtcNow(), Status(code, failure), responseObject));
            }
        }
    }

    // metav1.Status as the audit event keeps it: the code, and for an error its status, reason and message.
    private static JsonObject Status(int code, ApiException? failure)
    {
        var status = new JsonObject { ["metadata"] = new JsonObject() };
        if (failure is not null)
        {
            status["status"] = "Failure";
            status["message"] = failure.Message;
            status["reason"] = failure.Reason;
        }
        status["code"] = code;
        return status;
    }

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
            if (omitManagedFields && node?["metadata"] is JsonObject metadata)
            {
                metadata.Remove("managedFields");
            }
            return node;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or NotSupportedException or YamlDotNet.Core.YamlException)
        {
            return null;
        }
    }
}
