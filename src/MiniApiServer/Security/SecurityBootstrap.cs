using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Hosting;
using MiniApiServer.Security.Rbac;
using MiniApiServer.Security.ServiceAccounts;

namespace MiniApiServer.Security;

/// <summary>
/// At start, after the system namespaces exist and before the controllers (and so /readyz) start: loads the
/// ServiceAccount signing key, and with RBAC makes the bootstrap policy exist.
/// </summary>
public sealed class SecurityBootstrap(
    SecurityOptions options,
    ServerOptions server,
    ServiceAccountTokens tokens,
    ResourceService service,
    Mediator.ISender sender,
    ILogger<BootstrapPolicyReconciler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        tokens.UseKey(Storage.Postgres.PostgresConnectionString.IsPostgres(server.Db)
            ? await ServiceAccountSigningKey.LoadOrCreateSecretAsync(service, service.Registry.ByStorageKey("secrets")!).ConfigureAwait(false)
            : ServiceAccountSigningKey.LoadOrCreateFile(Path.Combine(SecurityOptions.DataDirectory(server.Db), ServiceAccountSigningKey.FileName)));
        if (options.RbacEnabled)
        {
            var client = new ObjectClient(sender, service.Registry, "system:apiserver");
            await new BootstrapPolicyReconciler(client, service, logger).ReconcileAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
