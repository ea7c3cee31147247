using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers;

namespace MiniApiServer.Hosting;

/// <summary>Creates the namespaces, priority classes and (unless turned off) the default StorageClass every cluster has, then marks the server ready.</summary>
public sealed class ClusterBootstrap(ResourceService service, ResourceRegistry registry, ReadinessState readiness, ControllerOptions options) : IHostedService
{
    private static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var ns in SystemNamespaces)
        {
            if (service.TryGet(registry.Namespaces, "", ns) is null)
            {
                var body = new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } };
                await service.CreateAsync(registry.Namespaces, "", body, WriteOptions.Default).ConfigureAwait(false);
            }
        }
        await SystemPriorityClassBootstrap.EnsureAsync(service, registry).ConfigureAwait(false);
        if (options.DefaultStorageClass)
        {
            await EnsureDefaultStorageClassAsync().ConfigureAwait(false);
        }
        readiness.StorageReady = true;
    }

    private async Task EnsureDefaultStorageClassAsync()
    {
        if (service.TryGet(registry.StorageClasses, "", Controllers.Volumes.SimulatedStorage.ClassName) is not null)
        {
            return;
        }
        try
        {
            await service.CreateModelAsync(registry.StorageClasses, "", Controllers.Volumes.SimulatedStorage.DefaultClass(), WriteOptions.Default).ConfigureAwait(false);
        }
        catch (Application.Errors.ApiException ex) when (ex.Code == 409)
        {
            // Another replica created it first.
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
