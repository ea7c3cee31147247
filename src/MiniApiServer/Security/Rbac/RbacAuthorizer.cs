using MiniApiServer.Security.Rbac;

namespace MiniApiServer.Security;

/// <summary>
/// --authorization-mode RBAC: system:masters first (upstream's privileged-group authorizer, ahead of RBAC in the
/// union), then plugin/pkg/auth/authorizer/rbac/rbac.go. RBAC never denies outright; no rule means no opinion,
/// which the union turns into a denial whose reason lists the errors met ("RBAC: ... not found").
/// </summary>
public sealed class RbacAuthorizer(RoleBindingRuleResolver resolver) : IAuthorizer
{
    public async ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken ct)
    {
        if (attributes.User.Groups.Contains(UserInfo.MastersGroup))
        {
            return AuthorizationDecision.Allow;
        }
        // Until the caches hold the first list, "no rule" would mean "not loaded yet", not "not allowed".
        await resolver.WaitForSyncAsync(ct).ConfigureAwait(false);
        string? allowedBy = null;
        var errors = new List<string>();
        resolver.VisitRulesFor(attributes.User, attributes.Namespace, (source, rule, error) =>
        {
            if (error is not null)
            {
                errors.Add(error);
            }
            if (rule is not null && PolicyRuleMatching.Allows(attributes, rule))
            {
                allowedBy = source;
                return false;
            }
            return true;
        });
        if (allowedBy is not null)
        {
            return new AuthorizationDecision(true, $"RBAC: allowed by {allowedBy}");
        }
        return new AuthorizationDecision(false, errors.Count == 0 ? "" : $"RBAC: {Aggregate(errors)}");
    }

    public async ValueTask<SubjectRules> RulesForAsync(UserInfo user, string ns, CancellationToken ct)
    {
        await resolver.WaitForSyncAsync(ct).ConfigureAwait(false);
        var (rules, errors) = resolver.RulesFor(user, ns);
        return user.Groups.Contains(UserInfo.MastersGroup)
            ? new SubjectRules([.. SubjectRules.Everything, .. rules], errors)
            : new SubjectRules(rules, errors);
    }

    /// <summary>utilerrors.NewAggregate's message: one error as is, several as "[a, b]".</summary>
    private static string Aggregate(List<string> errors) =>
        errors.Count == 1 ? errors[0] : $"[{string.Join(", ", errors)}]";
}
