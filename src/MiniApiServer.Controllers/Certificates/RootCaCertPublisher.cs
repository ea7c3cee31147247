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

namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// pkg/controller/certificates/rootcacertpublisher/publisher.go: every active namespace has the ConfigMap
/// <c>kube-root-ca.crt</c> holding the cluster's CA bundle under <c>ca.crt</c>, which every pod's
/// <c>kube-api-access</c> volume projects. A namespace is queued when it appears or changes and when its ConfigMap
/// changes or is deleted; the reconcile creates a missing one and puts back the data and the description annotation
/// of a changed one (other annotations and labels a user added stay).
/// </summary>
public sealed class RootCaCertPublisher : IControlLoop, IReconciler<string>
{
    public const string DescriptionAnnotation = "kubernetes.io/description";

    public const string Description =
        "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. " +
        "No other usage is guaranteed across distributions of Kubernetes clusters.";

    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ObjectStore _store;
    private readonly string _pem;
    private readonly ILogger<RootCaCertPublisher> _logger;
    private readonly ControllerHost<string> _host;

    public RootCaCertPublisher(ResourceService service, ISender sender, ObjectStore store, RootCaBundle bundle, TimeProvider time, ILogger<RootCaCertPublisher> logger)
    {
        _service = service;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("root-ca-cert-publisher"));
        _store = store;
        _pem = bundle.Pem;
        _logger = logger;
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "root_ca_cert_publisher");
    }

    public string Name => "root-ca-certificate-publisher-controller";

    private const string ConfigMapsKey = "configmaps";

    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(
            _host.RunAsync(ct),
            ListWatchSupervisor.RunAsync("root-ca-namespace-watch", WatchNamespacesAsync, _logger, ct, ex => ex is WatcherTooSlowException),
            ListWatchSupervisor.RunAsync("root-ca-configmap-watch", WatchConfigMapsAsync, _logger, ct, ex => ex is WatcherTooSlowException));

    public async Task<ReconcileResult> ReconcileAsync(string ns, CancellationToken ct)
    {
        var namespaceObj = _store.Cache.Get(_service.Registry.Namespaces.StorageKey, "", ns);
        if (namespaceObj is null)
        {
            return ReconcileResult.Done;
        }
        var stored = _store.Cache.Get(ConfigMapsKey, ns, ServiceAccountTokenMount.RootCaConfigMap);
        try
        {
            if (stored is null)
            {
                if (Namespaces.NamespaceController.IsTerminating(namespaceObj))
                {
                    // NamespaceLifecycle would refuse the create, which upstream ignores; a changed one is still repaired.
                    return ReconcileResult.Done;
                }
                await _client.CreateAsync(new V1ConfigMap
                {
                    Metadata = new V1ObjectMeta
                    {
                        Name = ServiceAccountTokenMount.RootCaConfigMap,
                        NamespaceProperty = ns,
                        Annotations = new Dictionary<string, string> { [DescriptionAnnotation] = Description },
                    },
                    Data = new Dictionary<string, string> { ["ca.crt"] = _pem },
                }, ct).ConfigureAwait(false);
            }
            else if (!IsPublished(ModelCodec.DecodeShared<V1ConfigMap>(stored), _pem))
            {
                await _client.UpdateAsync<V1ConfigMap>(ns, ServiceAccountTokenMount.RootCaConfigMap, cm => Publish(cm, _pem), ct: ct).ConfigureAwait(false);
            }
        }
        catch (ApiException ex) when (ex.Code == 404 || ex.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") == true)
        {
            // Upstream gives up on a namespace that vanished or is terminating. Anything else (created meanwhile, a full
            // quota, a webhook's refusal) is thrown on: the host logs it and retries with backoff, and the retry finds the
            // ConfigMap in the cache and checks its data, as the workqueue's rate-limited requeue does.
        }
        return ReconcileResult.Done;
    }

    /// <summary>syncNamespace's check: the data is exactly the bundle and the description annotation is there.</summary>
    public static bool IsPublished(V1ConfigMap cm, string pem) =>
        cm.Data is { Count: 1 } data && data.TryGetValue("ca.crt", out var ca) && ca == pem
        && cm.Metadata?.Annotations?.TryGetValue(DescriptionAnnotation, out var d) == true && d.Length > 0;

    private static bool Publish(V1ConfigMap cm, string pem)
    {
        if (IsPublished(cm, pem))
        {
            return false;
        }
        cm.Data = new Dictionary<string, string> { ["ca.crt"] = pem };
        // Upstream writes its own description whenever it repairs the data, over any other.
        (cm.Metadata.Annotations ??= new Dictionary<string, string>())[DescriptionAnnotation] = Description;
        return true;
    }

    private Task WatchNamespacesAsync(CancellationToken ct) =>
        NameWatchFeed.RunAsync(_store, new WatchSpec(_service.Registry.Namespaces.StorageKey, Capacity: 10_000), _host.Queue, ct);

    private async Task WatchConfigMapsAsync(CancellationToken ct)
    {
        using var watch = ListWatch.Start(_store, new WatchSpec(ConfigMapsKey, Selector: cm => cm.Name == ServiceAccountTokenMount.RootCaConfigMap, Capacity: 10_000));
        // A (re)started watch missed what happened while it was down, a delete among it, which a relist would have
        // shown: every namespace is checked again (a cache read each when nothing changed).
        foreach (var ns in _store.Cache.List(_service.Registry.Namespaces.StorageKey, null).Items)
        {
            _host.Queue.Add(ns.Name);
        }
        while (await watch.WaitAsync(ct).ConfigureAwait(false))
        {
            while (watch.TryRead(out var e))
            {
                if (e.Type != WatchEventType.Added)
                {
                    _host.Queue.Add(e.Object.Namespace);
                }
            }
        }
    }
}
