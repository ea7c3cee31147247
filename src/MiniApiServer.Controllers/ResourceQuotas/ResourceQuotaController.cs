using System.Collections.Concurrent;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.ResourceQuotas;

/// <summary>
/// pkg/controller/resourcequota/resource_quota_controller.go: a quota's status.hard is its spec.hard, and status.used
/// what the namespace's objects in its scopes use of each limited name (0 when none), other used values kept until
/// recounted and names no longer limited dropped. Keyed by namespace: a quota's create, delete or spec change, a
/// delete or a charge-changing update of an object in a namespace that has quotas, and a charged create that failed
/// queue it, and every quota is recounted every five minutes, as upstream's resync. Admission charges creates as they
/// happen; the recount is the level it converges to, taken only while no create is in flight there and written with
/// the quota's resourceVersion as a precondition, so it never overwrites a charge it did not see (a 409 requeues).
/// </summary>
public sealed class ResourceQuotaController : IControlLoop, IReconciler<string>
{
    private const string Quotas = "resourcequotas";
    private static readonly TimeSpan Resync = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(50);

    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ObjectStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<ResourceQuotaController> _logger;
    private readonly ControllerHost<string> _host;
    // Namespaces holding at least one quota, read on the writer thread by the object watch's selector.
    private readonly ConcurrentDictionary<string, int> _quotaNamespaces = new(StringComparer.Ordinal);
    // Pods already seen no longer charged in those namespaces (until deleted), so that only the change queues a recount.
    private readonly ConcurrentDictionary<(string Resource, string Key), byte> _uncharged = new();

    public ResourceQuotaController(ResourceService service, ISender sender, ObjectStore store, TimeProvider time, ILogger<ResourceQuotaController> logger)
    {
        _service = service;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("resourcequota-controller"));
        _store = store;
        _time = time;
        _logger = logger;
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "resourcequota");
    }

    public string Name => "resourcequota-controller";

    public Task RunAsync(CancellationToken ct)
    {
        // A charge whose object was never stored (a failed or refused write) is given back by a recount.
        _service.QuotaCharges.Refunded += _host.Queue.Add;
        ct.Register(() => _service.QuotaCharges.Refunded -= _host.Queue.Add);
        return Task.WhenAll(
            _host.RunAsync(ct),
            ListWatchSupervisor.RunAsync("resourcequota-watch", WatchQuotasAsync, _logger, ct, ex => ex is WatcherTooSlowException),
            ListWatchSupervisor.RunAsync("resourcequota-object-watch", WatchObjectsAsync, _logger, ct, ex => ex is WatcherTooSlowException),
            ResyncAsync(ct));
    }

    public async Task<ReconcileResult> ReconcileAsync(string ns, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        foreach (var stored in _store.Cache.List(Quotas, ns).Items)
        {
            // A create in flight may be charged already and not yet in the cache: counting now would take its charge back.
            if (_service.QuotaCharges.Quiet(ns) is not { } generation)
            {
                return ReconcileResult.After(SettleDelay);
            }
            var quota = ModelCodec.DecodeShared<V1ResourceQuota>(stored);
            var status = QuotaStatus.Compute(quota, _service.Registry.StoredTypes.Where(t => t.Namespaced),
                type => _store.Cache.List(type.StorageKey, ns).Items.Select(o => ModelCodec.DecodeShared(o, type.ModelType)), now);
            if (QuotaStatus.Same(status, quota.Status))
            {
                continue;
            }
            if (_service.QuotaCharges.Quiet(ns) != generation)
            {
                return ReconcileResult.After(SettleDelay);
            }
            try
            {
                await _client.UpdateAsync<V1ResourceQuota>(ns, stored.Name, q =>
                {
                    q.Metadata.ResourceVersion = stored.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    q.Status = status;
                    return true;
                }, status: true, ct).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code is 409 or 404)
            {
                // Charged by admission or changed meanwhile (409), or gone (404): recount from what is current.
                return ex.Code == 409 ? ReconcileResult.After(SettleDelay) : ReconcileResult.Done;
            }
        }
        return ReconcileResult.Done;
    }

    private async Task WatchQuotasAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(Quotas, Capacity: 10_000));
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                var ns = e.Object.Namespace;
                if (_store.Cache.Any(Quotas, ns))
                {
                    _quotaNamespaces[ns] = 0;
                }
                else
                {
                    _quotaNamespaces.TryRemove(ns, out _);
                }
                // Admission's own status writes do not queue a recount (upstream's updateQuota looks at spec.hard only):
                // a recount between a charge and the charged object's write would take the charge back.
                if (e.Type != WatchEventType.Modified || !QuotaStatus.HardIsCurrent(ModelCodec.DecodeShared<V1ResourceQuota>(e.Object)))
                {
                    _host.Queue.Add(ns);
                }
            }
        }
    }

    private async Task WatchObjectsAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(null, Selector: o => o.Namespace.Length > 0 && o.Resource != Quotas && _quotaNamespaces.ContainsKey(o.Namespace), Capacity: 10_000));
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                // Replenishment, as the quota monitor's: creates are charged by admission, so only a delete, or an update
                // that changes what an object is charged (a pod finished or past its grace period, a service or claim
                // changed), queues a recount.
                if (e.Type == WatchEventType.Deleted)
                {
                    _uncharged.TryRemove((e.Object.Resource, e.Object.Key), out _);
                    _host.Queue.Add(e.Object.Namespace);
                }
                else if (e.Type == WatchEventType.Modified && ChangesCharge(e.Object))
                {
                    _host.Queue.Add(e.Object.Namespace);
                }
            }
        }
    }

    // A pod counts for less once it finished or its deletion grace period is over (QuotaV1Pod): the first update that
    // finds it so queues a recount, later ones (status writes of a finished pod) do not, as upstream's update filter
    // compares the old pod with the new.
    private bool ChangesCharge(StoredObject obj) => obj.Resource switch
    {
        "pods" => !QuotaEvaluator.Charged(ModelCodec.DecodeShared<V1Pod>(obj), _time.GetUtcNow()) && _uncharged.TryAdd((obj.Resource, obj.Key), 0),
        "services" or "persistentvolumeclaims" => true,
        _ => false,
    };

    private async Task ResyncAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Resync, _time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            foreach (var ns in _quotaNamespaces.Keys)
            {
                _host.Queue.Add(ns);
            }
        }
    }
}
