namespace MiniApiServer.Security;

/// <summary>The configured authenticators; either may be absent.</summary>
public sealed record Authenticators(TokenFile? Tokens, ClientCertificateAuthenticator? Certificates);
