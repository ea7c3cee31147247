namespace MiniApiServer.Security;

/// <summary>
/// A token authenticator's answer (authenticator.Response, ok, err): the user and the audiences the token was accepted
/// for, or the reason a token the authenticator recognised was refused. Neither means the token was not its kind.
/// </summary>
public sealed record TokenAuthentication(UserInfo? User, IReadOnlyList<string> Audiences, string? Error)
{
    public static TokenAuthentication NotRecognised { get; } = new(null, [], null);

    public static TokenAuthentication Failed(string error) => new(null, [], error);
}
