using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using MiniApiServer.Hosting;

namespace MiniApiServer.Security;

/// <summary>Serving (TLS), authentication and authorization, wired from kube-apiserver's flags.</summary>
public static class SecuritySetup
{
    public static WebApplicationBuilder AddApiSecurity(this WebApplicationBuilder builder, ServerOptions server)
    {
        var options = SecurityOptions.From(builder.Configuration, server.Db);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ServiceAccounts.ServiceAccountTokens>();
        // TokenReview asks the same chain as requests do; with authentication off it still knows service account tokens.
        builder.Services.AddSingleton(sp => new Authenticators(
            options.TokenAuthFile is { } t ? new TokenFile(t) : null,
            options.ClientCaFile is { } ca ? new ClientCertificateAuthenticator(ca) : null,
            sp.GetRequiredService<ServiceAccounts.ServiceAccountTokens>()));
        builder.Services.AddSingleton<Rbac.RoleBindingRuleResolver>();
        if (options.RbacEnabled)
        {
            builder.Services.AddSingleton<IAuthorizer, RbacAuthorizer>();
        }
        else
        {
            builder.Services.AddSingleton<IAuthorizer, AlwaysAllowAuthorizer>();
        }
        if (options.TlsEnabled)
        {
            var config = builder.Configuration;
            if (string.IsNullOrEmpty(config["urls"]) && string.IsNullOrEmpty(config["ASPNETCORE_URLS"]))
            {
                builder.WebHost.UseUrls(SecurityOptions.DefaultTlsUrl);
            }
            var (certFile, keyFile) = options.TlsSelfSigned
                ? SelfSignedCertificates.Ensure(SecurityOptions.DataDirectory(server.Db))
                : (options.TlsCertFile!, options.TlsPrivateKeyFile!);
            if (options.TlsSelfSigned)
            {
                TokenFile.EnsureUser(options.TokenAuthFile!, "admin");
            }
            var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                // Certificates are optional at the handshake and verified per request, so a bad one is a 401 Status, not a TLS alert.
                https.ClientCertificateMode = options.ClientCaFile is null ? ClientCertificateMode.NoCertificate : ClientCertificateMode.AllowCertificate;
                https.AllowAnyClientCertificate();
            }));
        }
        var rootCa = options.RootCaFile ?? (options.TlsSelfSigned ? Path.Combine(SecurityOptions.DataDirectory(server.Db), SelfSignedCertificates.CaCertFile) : null);
        builder.Services.AddSingleton(new Controllers.Certificates.RootCaBundle(rootCa is null ? "" : ReadRootCa(rootCa)));
        builder.Services.AddSingleton(ClusterSigningSetup.From(builder.Configuration, options, server.Db));
        return builder;
    }

    /// <summary>startRootCACertPublisher's readCA: a file that holds no PEM certificate stops the start, in one line.</summary>
    private static string ReadRootCa(string path)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--root-ca-file {path}: {ex.Message}", ex);
        }
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new ArgumentException($"--root-ca-file {path}: not a PEM certificate bundle: {ex.Message}", ex);
        }
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
        return certificates.Count > 0 ? pem : throw new ArgumentException($"--root-ca-file {path}: no PEM certificate in it");
    }

    public static WebApplication UseApiSecurity(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<SecurityOptions>();
        WarnIfExposed(app, options);
        // Audit sits after authentication and before impersonation, as DefaultBuildHandlerChain orders them: the event
        // and the policy see the requester, and whom it impersonates is added once impersonation has run; the
        // authorizer's decision reaches it through the request's items.
        var audit = app.Services.GetService<Pipeline.Audit.AuditPolicy>();
        if (!options.AuthenticationEnabled)
        {
            UseAudit(app, audit, UserInfo.UnsecuredRequestor);
            // kubectl --as still acts as the user it names, which the all-powerful unsecured requestor may impersonate.
            app.UseMiddleware<ImpersonationMiddleware>();
            return app;
        }
        app.UseMiddleware<ApiAuthenticationMiddleware>(app.Services.GetRequiredService<Authenticators>());
        // Only the open paths (health, version) pass authentication without a user; upstream they are anonymous's.
        UseAudit(app, audit, UserInfo.Anonymous);
        app.UseMiddleware<ImpersonationMiddleware>();
        app.UseMiddleware<ApiAuthorizationMiddleware>();
        return app;
    }

    private static void UseAudit(WebApplication app, Pipeline.Audit.AuditPolicy? policy, UserInfo unauthenticated)
    {
        if (policy is not null)
        {
            app.UseMiddleware<Pipeline.Audit.AuditMiddleware>(policy, unauthenticated);
        }
    }

    private static void WarnIfExposed(WebApplication app, SecurityOptions options)
    {
        if (options.AuthenticationEnabled)
        {
            return;
        }
        if (options.RbacEnabled)
        {
            app.Logger.LogWarning("--authorization-mode RBAC without authentication: requests carry no user, so nothing is checked. Add --token-auth-file or --client-ca-file.");
        }
        var urls = (app.Configuration["urls"] ?? ServerOptions.DefaultUrl).Split(';', StringSplitOptions.RemoveEmptyEntries);
        var exposed = urls.Where(u => !IsLoopback(u)).ToList();
        if (exposed.Count > 0)
        {
            app.Logger.LogWarning(
                "!!! SERVING WITHOUT AUTHENTICATION ON A NON-LOOPBACK ADDRESS ({Urls}): anyone who can reach it has full control of the cluster. Use --token-auth-file or --client-ca-file (or --tls-self-signed). !!!",
                string.Join(", ", exposed));
        }
    }

    private static bool IsLoopback(string url)
    {
        var host = url.Split("://", 2)[^1].Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']', StringComparison.Ordinal)] : host.Split(':')[0];
        return host == "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}
