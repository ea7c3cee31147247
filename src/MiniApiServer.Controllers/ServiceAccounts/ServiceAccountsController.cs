using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Watching;

namespace MiniApiServer.Controllers.ServiceAccounts;

/// <summary>
/// pkg/controller/serviceaccount/serviceaccounts_controller.go: every active namespace has its "default"
/// ServiceAccount. A namespace is queued when it appears or changes and when its "default" account is deleted;
/// the reconcile creates the account if the namespace is active and the account missing (level-based, so a
/// restart or a lost race only re-checks).
/// </summary>
public sealed class ServiceAccountsController : IControlLoop, IReconciler<string>
{
    public const string Default = "default";

    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ObjectStore _store;
    private readonly ILogger<ServiceAccountsController> _logger;
    private readonly ControllerHost<string> _host;

    public ServiceAccountsController(ResourceService service, ISender sender, ObjectStore store, TimeProvider time, ILogger<ServiceAccountsController> logger)
    {
        _service = service;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("service-account-controller"));
        _store = store;
        _logger = logger;
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "serviceaccount");
    }

    public string Name => "serviceaccount-controller";

    private string ServiceAccountsKey => _service.Registry.ByStorageKey("serviceaccounts")!.StorageKey;

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(
            _host.RunAsync(ct),
            ListWatchSupervisor.RunAsync("serviceaccount-namespace-watch", WatchNamespacesAsync, _logger, ct, ex => ex is WatcherTooSlowException),
            ListWatchSupervisor.RunAsync("serviceaccount-watch", WatchServiceAccountsAsync, _logger, ct, ex => ex is WatcherTooSlowException));

    public async Task<ReconcileResult> ReconcileAsync(string ns, CancellationToken ct)
    {
        var namespaceObj = _store.Cache.Get(_service.Registry.Namespaces.StorageKey, "", ns);
        if (namespaceObj is null || Namespaces.NamespaceController.IsTerminating(namespaceObj) || _store.Cache.Get(ServiceAccountsKey, ns, Default) is not null)
        {
            return ReconcileResult.Done;
        }
        try
        {
            await _client.CreateAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = Default, NamespaceProperty = ns } }, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            // Created meanwhile (another replica's controller, or a user): the account exists, which is all this asks.
        }
        catch (ApiException ex) when (ex.Code is 403 or 404)
        {
            // The namespace started terminating or vanished between the read and the write: nothing to ensure.
        }
        return ReconcileResult.Done;
    }

    private Task WatchNamespacesAsync(CancellationToken ct) =>
        NameWatchFeed.RunAsync(_store, new WatchSpec(_service.Registry.Namespaces.StorageKey, Capacity: 10_000), _host.Queue, ct);

    private async Task WatchServiceAccountsAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(ServiceAccountsKey, Selector: sa => sa.Name == Default, Capacity: 10_000));
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                if (e.Type == WatchEventType.Deleted)
                {
                    _host.Queue.Add(e.Object.Namespace);
                }
            }
        }
    }
}
