using MiniApiServer.Application.Errors;
using MiniApiServer.Http;
using MiniApiServer.Security;

namespace MiniApiServer.Pipeline.Audit;

/// <summary>
/// k8s.io/apiserver/pkg/endpoints/filters/authn_audit.go WithFailedAuthenticationAudit: a request that fails
/// authentication never reaches <see cref="AuditMiddleware"/>, so its 401 is audited here, the policy evaluated for a
/// request without a user. It is one event, at stage ResponseStarted (what the response writer's WriteHeader
/// processes; nothing else is), with "user":{} and the Unauthorized Status as responseStatus (and responseObject at
/// RequestResponse): in 1.32 the "Authentication failed, ..." message the filter sets first is replaced by the Status
/// the Unauthorized handler writes, through audit.LogResponseObject, before its header goes out.
/// </summary>
public sealed class FailedAuthenticationAudit(AuditLog log, AuditPolicy policy, TimeProvider time)
{
    private static readonly UserInfo NoUser = new("", "", []);

    public async Task UnauthorizedAsync(HttpContext context, ApiException unauthorized)
    {
        var auditId = AuditMiddleware.AuditId(context);
        var attributes = RequestAttributes.From(context.Request, NoUser);
        var (level, omit, _) = policy.Evaluate(attributes);
        if (level != AuditLevel.None && !omit.Contains("ResponseStarted"))
        {
            var now = time.GetUtcNow();
            var record = new AuditRecord(auditId, level, attributes, context, now, new Dictionary<string, string>());
            var responseObject = level == AuditLevel.RequestResponse ? StatusWriter.ToStatus(unauthorized) : null;
            log.Write(record.Event("ResponseStarted", now, AuditRecord.ResponseStatus(unauthorized.Code, unauthorized), responseObject: responseObject));
        }
        await StatusWriter.WriteAsync(context.Response, unauthorized).ConfigureAwait(false);
    }
}
