using k8s.Models;

namespace MiniApiServer.Security;

/// <summary>
/// The authorization seam (k8s.io/apiserver/pkg/authorization/authorizer Authorizer and RuleResolver):
/// requests are decided by <see cref="AuthorizeAsync"/>; SelfSubjectRulesReview asks <see cref="RulesForAsync"/>.
/// </summary>
public interface IAuthorizer
{
    ValueTask<AuthorizationDecision> AuthorizeAsync(AuthorizationAttributes attributes, CancellationToken ct);

    ValueTask<SubjectRules> RulesForAsync(UserInfo user, string ns, CancellationToken ct);
}
