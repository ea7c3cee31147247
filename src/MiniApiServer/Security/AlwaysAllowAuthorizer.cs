namespace MiniApiServer.Security;

/// <summary>--authorization-mode AlwaysAllow: every authenticated request is allowed (the mode used when authentication is off).</summary>
public sealed class AlwaysAllowAuthorizer : IAuthorizer
{
    public ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken ct) =>
        ValueTask.FromResult(AuthorizationDecision.Allow);

    public ValueTask<SubjectRules> RulesForAsync(UserInfo user, string ns, CancellationToken ct) =>
        ValueTask.FromResult(new SubjectRules(SubjectRules.Everything, []));
}
