using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.ApiRegistration;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.ApiRegistration;

/// <summary>
/// kube-aggregator's local and remote AvailableConditionControllers in one loop keyed by APIService name: the
/// Available condition is rewritten only when it changes, and an APIService is checked again when it, its Service or
/// its Endpoints change, and every 30 s while a discovery check fails (upstream requeues that error).
/// </summary>
public sealed class APIServiceAvailabilityController : IControlLoop, IReconciler<string>
{
    private static readonly TimeSpan RetryFailedDiscovery = TimeSpan.FromSeconds(30);

    private readonly ResourceService _service;
    private readonly ObjectStore _store;
    private readonly ObjectClient _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ControllerHost<string> _host;
    private readonly LocalApis _localApis;

    public APIServiceAvailabilityController(ResourceService service, ISender sender, ObjectStore store, LocalApis localApis, TimeProvider time,
        ILogger<APIServiceAvailabilityController> logger)
    {
        _service = service;
        _localApis = localApis;
        _store = store;
        _time = time;
        _logger = logger;
        _client = new ObjectClient(sender, service.Registry, "system:apiserver");
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "AvailableConditionController");
    }

    public string Name => "apiservice-availability";

    private string Key => _service.Registry.APIServices.StorageKey;

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(
            _host.RunAsync(ct),
            NameWatchFeed.RunAsync(_store, new WatchSpec(Key, Capacity: 10_000), _host.Queue, ct),
            ListWatchSupervisor.RunAsync("apiservice-service-watch", c => WatchBackendsAsync(_service.Registry.Services.StorageKey, c), _logger, ct, ex => ex is WatcherTooSlowException),
            ListWatchSupervisor.RunAsync("apiservice-endpoints-watch", c => WatchBackendsAsync(_service.Registry.Endpoints.StorageKey, c), _logger, ct, ex => ex is WatcherTooSlowException));

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        if (_store.Cache.Get(Key, "", name) is not { } stored)
        {
            return ReconcileResult.Done;
        }
        var apiService = ModelCodec.DecodeShared<V1APIService>(stored);
        // A group version this process answers itself is answered here whatever the APIService points at (metrics-server's
        // manifest points v1beta1.metrics.k8s.io at its Service): its status says so rather than what a proxy would find.
        var reference = ServedHere(apiService.Spec?.Group, apiService.Spec?.Version) ? null : apiService.Spec?.Service;
        var service = reference is null ? null : Read<V1Service>(_service.Registry.Services.StorageKey, reference);
        var endpoints = reference is null ? null : Read<V1Endpoints>(_service.Registry.Endpoints.StorageKey, reference);
        var (status, reason, message) = reference is null ? APIServiceAvailability.Local : APIServiceAvailability.Evaluate(apiService, service, endpoints);
        var current = APIServiceConditions.Find(apiService, APIServiceConditions.Available);
        if (current?.Status != status || current.Reason != reason || current.Message != message)
        {
            var condition = new V1APIServiceCondition
            {
                Type = APIServiceConditions.Available,
                Status = status,
                Reason = reason,
                Message = message,
                LastTransitionTime = Application.Clock.KubeTime.Time(_time.GetUtcNow()),
            };
            try
            {
                await _client.UpdateAsync<V1APIService>("", name, a => { APIServiceConditions.Set(a, condition); return true; }, status: true, ct).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Deleted meanwhile.
            }
        }
        return reason == "FailedDiscoveryCheck" ? ReconcileResult.After(RetryFailedDiscovery) : ReconcileResult.Done;
    }

    private bool ServedHere(string? group, string? version) =>
        _service.Registry.Types.Concat(_localApis.Types).Any(t => t.Group == (group ?? "") && t.Version == version);

    private T? Read<T>(string key, Apiregistrationv1ServiceReference reference)
        where T : class =>
        _store.Cache.Get(key, reference.NamespaceProperty ?? "", reference.Name ?? "") is { } stored ? ModelCodec.DecodeShared<T>(stored) : null;

    /// <summary>A Service or Endpoints change queues the APIServices that name it (a handful: one per group version).</summary>
    private async Task WatchBackendsAsync(string key, CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(key, Capacity: 10_000));
        // A (re)started watch missed what changed while it was down: every APIService behind a Service is checked again.
        foreach (var stored in _store.Cache.List(Key, null).Items)
        {
            if (ModelCodec.DecodeShared<V1APIService>(stored).Spec?.Service is not null)
            {
                _host.Queue.Add(stored.Name);
            }
        }
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            var changed = new HashSet<(string, string)>();
            while (watch.TryRead(out var e))
            {
                changed.Add((e.Object.Namespace, e.Object.Name));
            }
            foreach (var stored in _store.Cache.List(Key, null).Items)
            {
                if (ModelCodec.DecodeShared<V1APIService>(stored).Spec?.Service is { } reference && changed.Contains((reference.NamespaceProperty ?? "", reference.Name ?? "")))
                {
                    _host.Queue.Add(stored.Name);
                }
            }
        }
    }
}
