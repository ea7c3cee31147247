namespace MiniApiServer.Security;

/// <summary>The configured authenticators; any may be absent.</summary>
public sealed record Authenticators(TokenFile? Tokens, ClientCertificateAuthenticator? Certificates, ServiceAccounts.ServiceAccountTokens? ServiceAccounts = null)
{
    private const string ServiceAccountIssuer = Security.ServiceAccounts.ServiceAccountTokens.Issuer;

    /// <summary>
    /// The bearer-token chain as TokenReview asks it (pkg/registry/authentication/tokenreview/storage.go): the token file is
    /// audience-agnostic (authenticator.WrapAudienceAgnosticToken), so it answers only for the API's own audience, and a
    /// service account token must name one of the audiences asked for. The user is in system:authenticated, as every
    /// request's user is (AuthenticatedGroupAdder wraps the whole chain upstream).
    /// </summary>
    public TokenAuthentication ReviewToken(string token, IReadOnlyList<string> audiences)
    {
        string? error = null;
        if (Tokens is not null && audiences.Contains(ServiceAccountIssuer, StringComparer.Ordinal) && Tokens.Authenticate(token) is { } user)
        {
            return new TokenAuthentication(user.WithAuthenticatedGroup(), [ServiceAccountIssuer], null);
        }
        if (ServiceAccounts?.Review(token, audiences) is { } review)
        {
            if (review.User is { } account)
            {
                return review with { User = account.WithAuthenticatedGroup() };
            }
            error = review.Error;
        }
        // kube-apiserver's union reports "invalid bearer token" ahead of what a recognising authenticator said, e.g.
        // `[invalid bearer token, token audiences ["…"] is invalid for the target audiences ["…"]]`.
        return TokenAuthentication.Failed(error is null ? "invalid bearer token" : $"[invalid bearer token, {error}]");
    }
}
