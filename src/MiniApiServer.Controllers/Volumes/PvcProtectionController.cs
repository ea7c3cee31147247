using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// pkg/controller/volume/pvcprotection/pvc_protection_controller.go: a claim being deleted keeps
/// kubernetes.io/pvc-protection while a scheduled pod (any phase: the pod object, not its state, holds the claim)
/// names it; a claim without the finalizer gets it. Queued on claim changes and on pod deletions, terminations
/// and bindings.
/// </summary>
public sealed class PvcProtectionController : IControlLoop, IReconciler<string>, IInformerHandler<V1Pod>, IInformerHandler<V1PersistentVolumeClaim>
{
    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public PvcProtectionController(SharedInformers informers, ResourceService service, ISender sender, TimeProvider time, ILogger<PvcProtectionController> logger)
    {
        _informers = informers;
        _service = service;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("pvc-protection-controller"));
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "pvcprotection");
    }

    public string Name => "persistentvolumeclaim-protection-controller";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.PersistentVolumeClaims.AddHandler(this);
            _informers.Pods.AddHandler(this);
        }
        foreach (var claim in _informers.PersistentVolumeClaims.List())
        {
            OnAdd(claim);
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var (ns, name) = (key[..slash], key[(slash + 1)..]);
        if (_informers.PersistentVolumeClaims.Get(ns, name) is not { } claim)
        {
            return ReconcileResult.Done;
        }
        var has = claim.Metadata.Finalizers?.Contains(ResourceService.PvcProtectionFinalizer) == true;
        var deleting = claim.Metadata.DeletionTimestamp is not null;
        if (deleting && has && !IsUsed(claim))
        {
            await WriteAsync(ns, name, add: false, ct).ConfigureAwait(false);
        }
        else if (!deleting && !has)
        {
            await WriteAsync(ns, name, add: true, ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }

    /// <summary>
    /// isBeingUsed: a pod on a node whose volumes name the claim, in the informer and then, before the finalizer is
    /// given up, in the store itself (upstream lists the pods live): a pod bound a moment ago may not be in the informer.
    /// </summary>
    private bool IsUsed(V1PersistentVolumeClaim claim)
    {
        var ns = claim.Metadata.NamespaceProperty ?? "";
        return _informers.Pods.ByIndex(SharedInformers.ByNamespace, ns).Any(p => UsesClaim(p, claim))
            || _service.ListAll(_service.Registry.Pods, ns).Any(stored => UsesClaim(ModelCodec.DecodeShared<V1Pod>(stored), claim));
    }

    private static bool UsesClaim(V1Pod pod, V1PersistentVolumeClaim claim) =>
        !string.IsNullOrEmpty(pod.Spec?.NodeName) && PodClaims.Names(pod).Contains(claim.Metadata.Name);

    private async Task WriteAsync(string ns, string name, bool add, CancellationToken ct)
    {
        try
        {
            await _client.UpdateAsync<V1PersistentVolumeClaim>(ns, name, c =>
            {
                var finalizers = c.Metadata.Finalizers ??= [];
                if (add == finalizers.Contains(ResourceService.PvcProtectionFinalizer) || (add && c.Metadata.DeletionTimestamp is not null))
                {
                    return false;
                }
                if (add)
                {
                    finalizers.Add(ResourceService.PvcProtectionFinalizer);
                }
                else
                {
                    finalizers.Remove(ResourceService.PvcProtectionFinalizer);
                }
                return true;
            }, ct: ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // Gone: the last finalizer was removed by someone else.
        }
    }

    private void QueueClaimsOf(V1Pod pod)
    {
        foreach (var claim in PodClaims.Names(pod))
        {
            _host.Queue.Add($"{pod.Metadata.NamespaceProperty}/{claim}");
        }
    }

    public void OnAdd(V1PersistentVolumeClaim obj)
    {
        if (obj.Metadata.DeletionTimestamp is not null || obj.Metadata.Finalizers?.Contains(ResourceService.PvcProtectionFinalizer) != true)
        {
            _host.Queue.Add($"{obj.Metadata.NamespaceProperty}/{obj.Metadata.Name}");
        }
    }

    public void OnUpdate(V1PersistentVolumeClaim oldObj, V1PersistentVolumeClaim newObj) => OnAdd(newObj);

    public void OnDelete(V1PersistentVolumeClaim obj)
    {
    }

    public void OnAdd(V1Pod obj)
    {
    }

    // A pod leaving its node (deleted, or bound elsewhere after a delete and re-create) can free its claims.
    public void OnUpdate(V1Pod oldObj, V1Pod newObj)
    {
        if (PodClaims.Any(newObj)
            && (newObj.Metadata.DeletionTimestamp is not null || newObj.Status?.Phase is "Succeeded" or "Failed" || oldObj.Spec?.NodeName != newObj.Spec?.NodeName))
        {
            QueueClaimsOf(newObj);
        }
    }

    public void OnDelete(V1Pod obj) => QueueClaimsOf(obj);
}
