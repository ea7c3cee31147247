using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Pipeline.Audit;
using MiniApiServer.Security;

namespace MiniApiServer.Pipeline;

/// <summary>
/// Without --audit-policy-file, audits every write, from HTTP or from a controller, at level Metadata and stage
/// ResponseComplete (k8s.io/apiserver/pkg/audit); reads are not audited, as a policy with only write verbs would have
/// it. With a policy, HTTP requests are <see cref="AuditMiddleware"/>'s, and only the controllers' writes, which
/// upstream would send over HTTP as their own users, are audited here: as that user with its groups
/// (<see cref="ControlPlaneUser"/>), at the level and stages the policy gives them.
/// </summary>
public sealed class AuditBehavior<TMessage, TResponse>(AuditLog log, TimeProvider time, IServiceProvider services) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly IReadOnlySet<string> OnlyResponseComplete = new HashSet<string>(["RequestReceived"]);

    private readonly AuditPolicy? _policy = services.GetService<AuditPolicy>();
    private readonly IHttpContextAccessor? _http = services.GetService<IHttpContextAccessor>();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!log.Enabled || message is not IWriteCommand write || Evaluate(write) is not { } audited)
        {
            return await next(message, cancellationToken).ConfigureAwait(false);
        }
        var (level, omit, user) = audited;
        var received = time.GetUtcNow();
        var auditId = Guid.NewGuid().ToString();
        if (!omit.Contains("RequestReceived"))
        {
            log.Write(Event(write, user, level, auditId, "RequestReceived", null, received, received));
        }
        var code = 500;
        ApiException? failure = null;
        try
        {
            var response = await next(message, cancellationToken).ConfigureAwait(false);
            code = response is ObjectResult result ? result.StatusCode : 200;
            return response;
        }
        catch (ApiException ex)
        {
            (code, failure) = (ex.Code, ex);
            throw;
        }
        finally
        {
            if (!omit.Contains("ResponseComplete"))
            {
                log.Write(Event(write, user, level, auditId, "ResponseComplete", AuditRecord.ResponseStatus(code, failure), received, time.GetUtcNow()));
            }
        }
    }

    /// <summary>The level, omitted stages and user of a write to audit here, or null for one not audited here.</summary>
    private (AuditLevel Level, IReadOnlySet<string> Omit, UserInfo? User)? Evaluate(IWriteCommand write)
    {
        if (_policy is null)
        {
            // The fixed write log: HTTP writes cannot be told from in-process ones here, so only the name is known.
            return (AuditLevel.Metadata, OnlyResponseComplete, null);
        }
        if (_http?.HttpContext?.Items.ContainsKey(AuditMiddleware.AuditedKey) == true)
        {
            return null;
        }
        var user = ControlPlaneUser.For(write.User);
        var type = write.Type;
        var attributes = new AuthorizationAttributes(user, write.Verb, true, "", type.Group, type.Plural,
            write.Subresource ?? "", type.Namespaced ? write.Namespace ?? "" : "", write.Name ?? "");
        var (level, omit, _) = _policy.Evaluate(attributes);
        return level == AuditLevel.None ? null : (level, omit, user);
    }

    private static JsonObject Event(IWriteCommand write, UserInfo? user, AuditLevel level, string auditId, string stage, JsonObject? responseStatus,
        DateTimeOffset received, DateTimeOffset at)
    {
        var type = write.Type;
        var objectRef = new JsonObject { ["resource"] = type.Plural };
        AuditRecord.Add(objectRef, "namespace", type.Namespaced ? write.Namespace : null);
        AuditRecord.Add(objectRef, "name", write.Name);
        AuditRecord.Add(objectRef, "apiGroup", type.Group);
        objectRef["apiVersion"] = type.Version;
        AuditRecord.Add(objectRef, "subresource", write.Subresource);
        var audit = new JsonObject
        {
            ["kind"] = "Event",
            ["apiVersion"] = "audit.k8s.io/v1",
            ["level"] = level.ToString(),
            ["auditID"] = auditId,
            ["stage"] = stage,
            ["requestURI"] = RequestUri(write),
            ["verb"] = write.Verb,
            ["user"] = user is null ? new JsonObject { ["username"] = write.User } : AuditRecord.User(user),
            ["objectRef"] = objectRef,
        };
        if (responseStatus is not null)
        {
            audit["responseStatus"] = responseStatus;
        }
        audit["requestReceivedTimestamp"] = AuditRecord.MicroTime(received);
        audit["stageTimestamp"] = AuditRecord.MicroTime(at);
        return audit;
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
