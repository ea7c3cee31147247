using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using MiniApiServer.Controllers;
using MiniApiServer.Storage;

namespace MiniApiServer.Hosting;

/// <summary>One summary line once the server listens: where it is, where its state lives, and how to use it.</summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, StorageOptions storage, ControllerOptions controllers, Security.SecurityOptions security, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var url = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? ServerOptions.DefaultUrl;
            logger.LogInformation(
                "MiniApiServer ready at {Url} | database {Db} | {Nodes} simulated nodes | try: {Hint} | Swagger UI: {Url}/swagger",
                url, MiniApiServer.Storage.Postgres.PostgresConnectionString.Display(storage.DatabasePath), controllers.Nodes, KubectlHint.For(url, security, storage.DatabasePath), url);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
