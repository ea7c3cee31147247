using System.Collections.Concurrent;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.ApiRegistration;

/// <summary>
/// kube-aggregator's autoregister controller fed as kube-apiserver feeds it: every group version the server answers
/// for is registered once when it starts (label automanaged=onstart; a user may edit or delete it afterwards), and
/// every served version of every CRD continuously (automanaged=true; created, corrected and deleted with the CRD, as
/// pkg/controlplane/controller/crdregistration does).
/// </summary>
public sealed class AutoRegisterController : IControlLoop, IReconciler<string>
{
    private readonly ResourceService _service;
    private readonly ObjectStore _store;
    private readonly ObjectClient _client;
    private readonly LocalApis _localApis;
    private readonly ControllerHost<string> _host;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, V1APIService> _onStart = new();
    private volatile Dictionary<string, V1APIService> _customResources = [];
    private readonly ConcurrentDictionary<string, bool> _synced = new();
    private readonly HashSet<string> _atStart = [];

    public AutoRegisterController(ResourceService service, ISender sender, ObjectStore store, LocalApis localApis, TimeProvider time,
        ILogger<AutoRegisterController> logger)
    {
        _service = service;
        _store = store;
        _localApis = localApis;
        _logger = logger;
        // kube-apiserver's loopback client.
        _client = new ObjectClient(sender, service.Registry, "system:apiserver");
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "autoregister");
    }

    public string Name => "autoregister";

    private string Key => _service.Registry.APIServices.StorageKey;

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var type in _service.Registry.Types.Where(t => !t.IsCustom).Concat(_localApis.Types))
        {
            if (APIServicePriorities.ForServed(type.Group, type.Version) is { } apiService)
            {
                _onStart[apiService.Metadata.Name] = apiService;
            }
        }
        // The CRDs are read before the first sync, so that it does not delete the APIServices of CRDs that still exist
        // (the aggregator's post-start hook waits for crdregistration's initial sync for the same reason).
        RefreshCustomResources();
        foreach (var stored in _store.Cache.List(Key, null).Items)
        {
            _atStart.Add(stored.Name);
            _host.Queue.Add(stored.Name);
        }
        foreach (var name in _onStart.Keys.Concat(_customResources.Keys))
        {
            _host.Queue.Add(name);
        }
        return Task.WhenAll(
            _host.RunAsync(ct),
            ListWatchSupervisor.RunAsync("autoregister-apiservice-watch", WatchAPIServicesAsync, _logger, ct, ex => ex is WatcherTooSlowException),
            ListWatchSupervisor.RunAsync("autoregister-crd-watch", WatchCustomResourceDefinitionsAsync, _logger, ct, ex => ex is WatcherTooSlowException));
    }

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        var desired = _customResources.GetValueOrDefault(name) ?? _onStart.GetValueOrDefault(name);
        var current = _store.Cache.Get(Key, "", name) is { } stored ? ModelCodec.DecodeShared<V1APIService>(stored) : null;
        var action = AutoRegisterDecision.Decide(desired, current, _synced.ContainsKey(name), _atStart.Contains(name));
        try
        {
            switch (action)
            {
                case AutoRegisterAction.Create:
                    await _client.CreateAsync(Copy(desired!), ct).ConfigureAwait(false);
                    break;
                case AutoRegisterAction.Update:
                    await _client.UpdateAsync<V1APIService>("", name, a => { a.Spec = Copy(desired!).Spec; return true; }, ct: ct).ConfigureAwait(false);
                    break;
                case AutoRegisterAction.Delete:
                    await _client.DeleteAsync<V1APIService>("", name, new DeleteOptions(PreconditionUid: current!.Metadata.Uid), ct).ConfigureAwait(false);
                    break;
            }
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Created, changed or deleted meanwhile: the watch brings the name back.
        }
        _synced[name] = true;
        return ReconcileResult.Done;
    }

    private static V1APIService Copy(V1APIService apiService) => ModelCodec.Decode<V1APIService>(ModelCodec.Encode(apiService));

    private void RefreshCustomResources()
    {
        var wanted = new Dictionary<string, V1APIService>();
        foreach (var stored in _store.Cache.List(_service.Registry.CustomResourceDefinitions.StorageKey, null).Items)
        {
            var crd = ModelCodec.DecodeShared<V1CustomResourceDefinition>(stored);
            foreach (var version in crd.Spec?.Versions ?? [])
            {
                // A built-in group version keeps its own registration (crdregistration's APIServiceAlreadyExists).
                if (version.Served && crd.Spec?.Group is { Length: > 0 } group && !_onStart.ContainsKey(APIServicePriorities.NameOf(group, version.Name)))
                {
                    var apiService = APIServicePriorities.ForCustomResource(group, version.Name);
                    wanted[apiService.Metadata.Name] = apiService;
                }
            }
        }
        var before = _customResources;
        _customResources = wanted;
        foreach (var name in before.Keys.Union(wanted.Keys))
        {
            _host.Queue.Add(name);
        }
    }

    private async Task WatchAPIServicesAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(Key, Capacity: 10_000));
        foreach (var obj in watch.Initial)
        {
            _host.Queue.Add(obj.Name);
        }
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                // Deletions too: a continuously managed APIService that a user deletes comes back.
                _host.Queue.Add(e.Object.Name);
            }
        }
    }

    private async Task WatchCustomResourceDefinitionsAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(_service.Registry.CustomResourceDefinitions.StorageKey, Capacity: 10_000));
        RefreshCustomResources();
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out _))
            {
            }
            RefreshCustomResources();
        }
    }
}
