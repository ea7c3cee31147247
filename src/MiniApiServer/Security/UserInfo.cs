namespace MiniApiServer.Security;

/// <summary>An authenticated user, as k8s.io/apiserver/pkg/authentication/user.Info describes one.</summary>
public sealed record UserInfo(string Name, string Uid, IReadOnlyList<string> Groups)
{
    /// <summary>user.Info's Extra: what an impersonating request set through Impersonate-Extra-* headers.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Extra { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public const string MastersGroup = "system:masters";
    public const string AuthenticatedGroup = "system:authenticated";
    public const string UnauthenticatedGroup = "system:unauthenticated";
    public const string Unsecured = "system:unsecured";

    internal const string ContextKey = "miniapiserver.user";

    /// <summary>The user with system:authenticated, which upstream's AuthenticatedGroupAdder gives every authenticated user.</summary>
    public UserInfo WithAuthenticatedGroup() => Groups.Contains(AuthenticatedGroup) ? this : this with { Groups = [.. Groups, AuthenticatedGroup] };

    /// <summary>Who a request is with authentication off, as kube-apiserver's old insecure port was: all-powerful.</summary>
    public static UserInfo UnsecuredRequestor { get; } = new(Unsecured, "", [MastersGroup, AuthenticatedGroup]);

    /// <summary>Who a request without credentials is, as upstream's anonymous authenticator names it.</summary>
    public static UserInfo Anonymous { get; } = new("system:anonymous", "", [UnauthenticatedGroup]);
}
