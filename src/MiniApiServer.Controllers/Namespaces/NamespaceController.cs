using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.Namespaces;

/// <summary>
/// pkg/controller/namespace: empties a Terminating namespace through the normal delete path (so pods
/// terminate gracefully and owners cascade), then deletes the namespace itself once nothing is left.
/// </summary>
public sealed class NamespaceController(ResourceService service, ObjectStore store, ControllerOptions options, TimeProvider time, ILogger<NamespaceController> logger)
    : IControlLoop
{
    public string Name => "namespace-controller";

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.NamespaceSyncPeriod, time);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            foreach (var ns in store.Cache.List(service.Registry.Namespaces.StorageKey, null, IsTerminating).Items)
            {
                try
                {
                    await EmptyAsync(ns.Name).ConfigureAwait(false);
                    await service.DeleteAsync(service.Registry.Namespaces, "", ns.Name, DeleteOptions.Default).ConfigureAwait(false);
                }
                catch (ApiException ex)
                {
                    logger.LogDebug("namespace {Namespace}: {Message}; retrying next pass", ns.Name, ex.Message);
                }
            }
        }
    }

    private async Task EmptyAsync(string ns)
    {
        foreach (var type in service.Registry.Types.Where(t => t.Namespaced))
        {
            foreach (var item in service.ListAll(type, ns))
            {
                try
                {
                    await service.DeleteAsync(type, ns, item.Name, new DeleteOptions(PreconditionUid: item.Index.Uid)).ConfigureAwait(false);
                }
                catch (ApiException ex) when (ex.Code is 404 or 409)
                {
                }
            }
        }
    }

    private static bool IsTerminating(StoredObject ns)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ns.Json);
        return doc.RootElement.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("deletionTimestamp", out _);
    }
}
