using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Pipeline;

/// <summary>
/// Without --audit-policy-file, audits every write, from HTTP or from a controller, at level Metadata and stage
/// ResponseComplete (k8s.io/apiserver/pkg/audit); reads are not audited, as a policy with only write verbs would have
/// it. With a policy, HTTP requests are <see cref="Audit.AuditMiddleware"/>'s, and only the controllers' writes, which
/// upstream would send over HTTP as their own users, are audited here when the policy gives them a level.
/// </summary>
public sealed class AuditBehavior<TMessage, TResponse>(AuditLog log, TimeProvider time, IServiceProvider services) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly Audit.AuditPolicy? _policy = services.GetService<Audit.AuditPolicy>();
    private readonly IHttpContextAccessor? _http = services.GetService<IHttpContextAccessor>();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!log.Enabled || message is not IWriteCommand write || !Audited(write))
        {
            return await next(message, cancellationToken).ConfigureAwait(false);
        }
        var received = time.GetUtcNow();
        var code = 500;
        try
        {
            var response = await next(message, cancellationToken).ConfigureAwait(false);
            code = response is ObjectResult result ? result.StatusCode : 200;
            return response;
        }
        catch (ApiException ex)
        {
            code = ex.Code;
            throw;
        }
        finally
        {
            log.Write(Event(write, code, received, time.GetUtcNow()));
        }
    }

    private bool Audited(IWriteCommand write)
    {
        if (_policy is null)
        {
            return true;
        }
        if (_http?.HttpContext?.Items.ContainsKey(Audit.AuditMiddleware.AuditedKey) == true)
        {
            return false;
        }
        var type = write.Type;
        var attributes = new Security.AuthorizationAttributes(new Security.UserInfo(write.User, "", []), write.Verb, true, "", type.Group, type.Plural,
            write.Subresource ?? "", type.Namespaced ? write.Namespace ?? "" : "", write.Name ?? "");
        return _policy.Evaluate(attributes).Level != Audit.AuditLevel.None;
    }

    private static JsonObject Event(IWriteCommand write, int code, DateTimeOffset received, DateTimeOffset completed)
    {
        var type = write.Type;
        var objectRef = new JsonObject { ["resource"] = type.Plural };
        Audit.AuditRecord.Add(objectRef, "namespace", type.Namespaced ? write.Namespace : null);
        Audit.AuditRecord.Add(objectRef, "name", write.Name);
        Audit.AuditRecord.Add(objectRef, "apiGroup", type.Group);
        objectRef["apiVersion"] = type.Version;
        Audit.AuditRecord.Add(objectRef, "subresource", write.Subresource);
        return new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["level"] = "Metadata",
            ["auditID"] = Guid.NewGuid().ToString(),
            ["stage"] = "ResponseComplete",
            ["requestURI"] = RequestUri(write),
            ["verb"] = write.Verb,
            ["user"] = new JsonObject { ["username"] = write.User },
            ["objectRef"] = objectRef,
            ["responseStatus"] = new JsonObject { ["metadata"] = new JsonObject(), ["code"] = code },
            ["requestReceivedTimestamp"] = Audit.AuditRecord.MicroTime(received),
            ["stageTimestamp"] = Audit.AuditRecord.MicroTime(completed),
        };
    }

    /// <summary>The path the write addresses; in-process writes have none of their own, so they get the one HTTP would use.</summary>
    private static string RequestUri(IWriteCommand write)
    {
        var type = write.Type;
        var path = type.BasePath;
        if (type.Namespaced && !string.IsNullOrEmpty(write.Namespace))
        {
            path += $"/namespaces/{write.Namespace}";
        }
        path += $"/{type.Plural}";
        if (write.Verb is not ("create" or "deletecollection") || write.Subresource is not null)
        {
            path += $"/{write.Name}";
        }
        return write.Subresource is { } sub ? $"{path}/{sub}" : path;
    }
}
