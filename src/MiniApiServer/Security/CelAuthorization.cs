using MiniApiServer.Application.Webhooks;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Security;

/// <summary>
/// The authorizer behind CEL's `authorizer` variable (k8s.io/apiserver/pkg/cel/library/authz.go): each check() is one
/// question to the server's authorizer as the user the expression checks for, answered inside the evaluation.
/// </summary>
public static class CelAuthorization
{
    public static Func<AdmissionUser, CelAccessCheck, CelDecision> For(IAuthorizer authorizer) =>
        (user, check) =>
        {
            var info = new UserInfo(user.Username, user.Uid, user.Groups) { Extra = user.Extra };
            var attributes = new AuthorizationAttributes(info, check.Verb, check.IsResourceRequest, check.Path, check.Group, check.Resource,
                check.Subresource, check.Namespace, check.Name);
            // CEL evaluates synchronously; RBAC answers from its caches, so the wait is for a completed task.
            var pending = authorizer.AuthorizeAsync(attributes, CancellationToken.None);
            var decision = pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
            return new CelDecision(decision.Allowed, decision.Reason, null);
        };
}
