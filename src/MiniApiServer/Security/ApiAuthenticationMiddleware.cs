using MiniApiServer.Application.Errors;
using MiniApiServer.Http;

namespace MiniApiServer.Security;

/// <summary>
/// Bearer tokens, then client certificates; no valid credential is a 401 Status. Health and version stay
/// open, as upstream's system:public-info-viewer role leaves them to anonymous callers.
/// </summary>
public sealed class ApiAuthenticationMiddleware(RequestDelegate next, Authenticators authenticators, IServiceProvider services)
{
    private static readonly string[] OpenPaths = ["/livez", "/readyz", "/healthz", "/version"];

    // Under --audit-policy-file only, as upstream wraps the failed handler only when a policy and a sink are set.
    private readonly Pipeline.Audit.FailedAuthenticationAudit? _failedAudit = services.GetService<Pipeline.Audit.FailedAuthenticationAudit>();

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsOpen(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        var user = await AuthenticateAsync(context).ConfigureAwait(false);
        if (user is null)
        {
            var unauthorized = new ApiException(401, "Unauthorized", "Unauthorized");
            await (_failedAudit is null ? StatusWriter.WriteAsync(context.Response, unauthorized) : _failedAudit.UnauthorizedAsync(context, unauthorized)).ConfigureAwait(false);
            return;
        }
        // Every authenticated user is in system:authenticated (upstream's AuthenticatedGroupAdder), which the default bindings name.
        context.Items[UserInfo.ContextKey] = user.WithAuthenticatedGroup();
        await next(context).ConfigureAwait(false);
    }

    private async Task<UserInfo?> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            // An invalid token is a 401 even when a certificate is also presented, as upstream's union authenticator does.
            var token = header["Bearer ".Length..].Trim();
            return authenticators.Tokens?.Authenticate(token) ?? authenticators.ServiceAccounts?.Authenticate(token);
        }
        if (authenticators.Certificates is { } certificates && await context.Connection.GetClientCertificateAsync(context.RequestAborted).ConfigureAwait(false) is { } cert)
        {
            return certificates.Authenticate(cert);
        }
        return null;
    }

    private static bool IsOpen(PathString path) =>
        OpenPaths.Any(p => path.Equals(p, StringComparison.Ordinal) || path.StartsWithSegments(p, StringComparison.Ordinal));
}
