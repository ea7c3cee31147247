using MiniApiServer.Application.Webhooks;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Security;

/// <summary>
/// The authorizer behind CEL's `authorizer` variable (k8s.io/apiserver/pkg/cel/library/authz.go): each check() is one
/// question to the server's authorizer as the user the expression checks for, answered inside the evaluation.
/// </summary>
public static class CelAuthorization
{
    private static readonly TimeSpan NotReadyWait = TimeSpan.FromSeconds(1);

    public static Func<AdmissionUser, CelAccessCheck, CelDecision> For(IAuthorizer authorizer) =>
        (user, check) =>
        {
            var info = new UserInfo(user.Username, user.Uid, user.Groups) { Extra = user.Extra };
            var attributes = new AuthorizationAttributes(info, check.Verb, check.IsResourceRequest, check.Path, check.Group, check.Resource,
                check.Subresource, check.Namespace, check.Name);
            // CEL evaluates synchronously. RBAC answers from its caches at once; one still loading (or failing) is the
            // Decision's error, as authz.go returns the authorizer's error, rather than a thread held or a 500.
            try
            {
                var pending = authorizer.AuthorizeAsync(attributes, CancellationToken.None).AsTask();
                if (!pending.Wait(NotReadyWait))
                {
                    return new CelDecision(false, "", "the authorizer is not ready");
                }
                return new CelDecision(pending.Result.Allowed, pending.Result.Reason, null);
            }
            catch (AggregateException ex)
            {
                return new CelDecision(false, "", ex.InnerException?.Message ?? ex.Message);
            }
        };
}
