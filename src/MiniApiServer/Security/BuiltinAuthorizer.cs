namespace MiniApiServer.Security;

/// <summary>system:masters may do anything (upstream's privileged group); everyone else may only read.</summary>
public sealed class BuiltinAuthorizer : IAuthorizer
{
    private static readonly HashSet<string> ReadVerbs = new(StringComparer.Ordinal) { "get", "list", "watch" };

    public bool Authorize(AuthorizationAttributes attributes) =>
        attributes.User.Groups.Contains(UserInfo.MastersGroup) || ReadVerbs.Contains(attributes.Verb);
}
