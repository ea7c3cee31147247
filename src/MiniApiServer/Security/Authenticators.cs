namespace MiniApiServer.Security;

/// <summary>The configured authenticators; any may be absent.</summary>
public sealed record Authenticators(TokenFile? Tokens, ClientCertificateAuthenticator? Certificates, ServiceAccounts.ServiceAccountTokens? ServiceAccounts = null);
