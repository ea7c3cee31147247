using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers;

namespace MiniApiServer.Hosting;

/// <summary>Creates the namespaces every cluster has, then marks the server ready.</summary>
public sealed class ClusterBootstrap(ResourceService service, ResourceRegistry registry, ReadinessState readiness) : IHostedService
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
        readiness.StorageReady = true;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
