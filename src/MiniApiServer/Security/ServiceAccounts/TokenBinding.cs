namespace MiniApiServer.Security.ServiceAccounts;

/// <summary>
/// What a bound token names besides its ServiceAccount (pkg/serviceaccount/claims.go privateClaims): the pod, secret or
/// node whose deletion revokes it, and when a client holding a token past its requested lifetime should be warned.
/// </summary>
public sealed record TokenBinding(TokenBinding.Ref? Pod = null, TokenBinding.Ref? Secret = null, TokenBinding.Ref? Node = null, DateTimeOffset? WarnAfter = null)
{
    public static TokenBinding None { get; } = new();

    /// <summary>An object's name and uid, as a claim records it; a node's uid may be empty when the node was not found.</summary>
    public sealed record Ref(string Name, string Uid);
}
