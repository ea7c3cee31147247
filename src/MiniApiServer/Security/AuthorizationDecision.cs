namespace MiniApiServer.Security;

/// <summary>An authorizer's answer; the reason is appended to a denial's message and returned by SelfSubjectAccessReview.</summary>
public sealed record AuthorizationDecision(bool Allowed, string Reason)
{
    public static readonly AuthorizationDecision Allow = new(true, "");
}
