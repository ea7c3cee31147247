using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.Namespaces;

/// <summary>
/// pkg/controller/namespace: a namespace that turns Terminating is queued by its watch event; the reconcile
/// empties it through the normal delete path (so pods terminate gracefully and owners cascade), then deletes
/// the namespace itself. While content remains (pods in their grace period), it looks again after a delay,
/// as upstream's deleter requeues with its remaining-content estimate.
/// </summary>
public sealed class NamespaceController : IControlLoop, IReconciler<string>
{
    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ObjectStore _store;
    private readonly ControllerOptions _options;
    private readonly ILogger<NamespaceController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly TimeProvider _time;

    public NamespaceController(ResourceService service, ISender sender, ObjectStore store, ControllerOptions options, TimeProvider time, ILogger<NamespaceController> logger)
    {
        _service = service;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("namespace-controller"));
        _store = store;
        _options = options;
        _logger = logger;
        _time = time;
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "namespace");
    }

    public string Name => "namespace-controller";

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(
            _host.RunAsync(ct),
            ListWatchSupervisor.RunAsync("namespace-watch", WatchAsync, _logger, ct, ex => ex is WatcherTooSlowException));

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        var ns = _store.Cache.Get(_service.Registry.Namespaces.StorageKey, "", name);
        if (ns is null || !IsTerminating(ns))
        {
            return ReconcileResult.Done;
        }
        await EmptyAsync(name).ConfigureAwait(false);
        await UpdateConditionsAsync(name).ConfigureAwait(false);
        await _client.DeleteAsync<V1Namespace>("", name, DeleteOptions.Default, CancellationToken.None).ConfigureAwait(false);
        return _store.Cache.Get(_service.Registry.Namespaces.StorageKey, "", name) is null
            ? ReconcileResult.Done
            : ReconcileResult.After(_options.NamespaceSyncPeriod);
    }

    private Task WatchAsync(CancellationToken ct) =>
        NameWatchFeed.RunAsync(_store, new WatchSpec(_service.Registry.Namespaces.StorageKey, Selector: IsTerminating, Capacity: 10_000), _host.Queue, ct);

    private async Task EmptyAsync(string ns)
    {
        foreach (var type in _service.Registry.StoredTypes.Where(t => t.Namespaced))
        {
            foreach (var item in _service.ListAll(type, ns))
            {
                try
                {
                    await _client.DeleteAsync(type, ns, item.Name, new DeleteOptions(PreconditionUid: item.Index.Uid)).ConfigureAwait(false);
                }
                catch (ApiException ex) when (ex.Code is 404 or 409)
                {
                    // Already gone, or replaced by a new object of the same name: the next pass sees it.
                }
            }
        }
    }

    /// <summary>What the deletions left (objects in their grace period or held by finalizers), as the namespace's conditions.</summary>
    private async Task UpdateConditionsAsync(string ns)
    {
        var remaining = new Dictionary<string, int>(StringComparer.Ordinal);
        var finalizers = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in _service.Registry.StoredTypes.Where(t => t.Namespaced))
        {
            var items = _service.ListAll(type, ns);
            if (items.Count == 0)
            {
                continue;
            }
            remaining[$"{type.Plural}.{type.Group}"] = items.Count;
            foreach (var finalizer in items.SelectMany(FinalizersOf))
            {
                finalizers[finalizer] = finalizers.GetValueOrDefault(finalizer) + 1;
            }
        }
        var now = MiniApiServer.Application.Clock.KubeTime.Time(_time.GetUtcNow());
        await _client.UpdateAsync<V1Namespace>("", ns, n =>
        {
            var status = n.Status ??= new V1NamespaceStatus();
            var merged = NamespaceConditions.Merge(status.Conditions, remaining, finalizers, now);
            if (status.Conditions is not null && merged.SequenceEqual(status.Conditions))
            {
                return false;
            }
            status.Conditions = merged;
            return true;
        }, status: true, CancellationToken.None).ConfigureAwait(false);
    }

    private static IEnumerable<string> FinalizersOf(StoredObject item)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(item.Json);
        return doc.RootElement.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("finalizers", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array
            ? list.EnumerateArray().Select(f => f.GetString() ?? "").ToList()
            : [];
    }

    internal static bool IsTerminating(StoredObject ns)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(ns.Json);
        return doc.RootElement.TryGetProperty("metadata", out var meta) && meta.TryGetProperty("deletionTimestamp", out _);
    }
}
