using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Controllers.Scheduling;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// kube-controller-manager's persistentvolume-binder (pkg/controller/volume/persistentvolume/pv_controller.go):
/// syncClaim binds an unbound claim to the best matching volume, hands a claim with a class to its provisioner
/// (annotating it and saying so), waits for a first consumer, assigns the default class retroactively; syncVolume
/// keeps a volume's phase and, once its claim is gone, reclaims it by its policy. Level-based: every key is re-read,
/// each step writes only what differs, so a lost race or a restart repeats at most a no-op.
/// </summary>
public sealed class PersistentVolumeController : IControlLoop, IReconciler<string>
{
    public const string Component = "persistentvolume-controller";
    private const string ClaimPrefix = "claim:";
    private const string VolumePrefix = "volume:";

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly EventRecorder _events;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public PersistentVolumeController(SharedInformers informers, ResourceService service, ISender sender, EventRecorder events, TimeProvider time,
        ILogger<PersistentVolumeController> logger)
    {
        _informers = informers;
        _service = service;
        _client = new ObjectClient(sender, service.Registry, User);
        _events = events;
        _host = new ControllerHost<string>(this, workers: 2, time, logger, queueName: "persistentvolume");
    }

    public static string User => ObjectClient.ServiceAccount("persistent-volume-binder");

    public string Name => "persistentvolume-binder-controller";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.PersistentVolumeClaims.AddHandler(new InformerCallbacks<V1PersistentVolumeClaim>(ClaimAdded, ClaimDeleted));
            _informers.PersistentVolumes.AddHandler(new InformerCallbacks<V1PersistentVolume>(VolumeAdded, VolumeDeleted));
            _informers.StorageClasses.AddHandler(new InformerCallbacks<V1StorageClass>(_ => QueueUnboundClaims(), _ => { }));
            // Upstream's 15 s resync finds a new consumer of a waiting claim; here the pod's arrival queues the claim.
            _informers.Pods.AddHandler(new InformerCallbacks<V1Pod>(PodChanged, _ => { }));
        }
        foreach (var claim in _informers.PersistentVolumeClaims.List())
        {
            ClaimAdded(claim);
        }
        foreach (var volume in _informers.PersistentVolumes.List())
        {
            VolumeAdded(volume);
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        try
        {
            await SyncAsync(key, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            // The claim or volume went away between the informer's copy and the write: the next sync reads it again
            // (and finds it gone, or its replacement), which is no error to log; the pause lets the informer catch up.
            return ReconcileResult.After(TimeSpan.FromMilliseconds(100));
        }
        return ReconcileResult.Done;
    }

    private async Task SyncAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(VolumePrefix, StringComparison.Ordinal))
        {
            if (_informers.PersistentVolumes.Get("", key[VolumePrefix.Length..]) is { } volume)
            {
                await SyncVolumeAsync(volume, ct).ConfigureAwait(false);
            }
            return;
        }
        var slash = key.IndexOf('/', ClaimPrefix.Length);
        if (_informers.PersistentVolumeClaims.Get(key[ClaimPrefix.Length..slash], key[(slash + 1)..]) is { } claim)
        {
            if (VolumeAnnotations.Has(claim.Metadata.Annotations, VolumeAnnotations.BindCompleted))
            {
                await SyncBoundClaimAsync(claim, ct).ConfigureAwait(false);
            }
            else
            {
                await SyncUnboundClaimAsync(claim, ct).ConfigureAwait(false);
            }
        }
    }

    private void ClaimAdded(V1PersistentVolumeClaim claim)
    {
        _host.Queue.Add(ClaimKey(claim.Metadata.NamespaceProperty, claim.Metadata.Name));
        if (claim.Spec?.VolumeName is { Length: > 0 } volume)
        {
            _host.Queue.Add(VolumePrefix + volume);
        }
    }

    // A deleted claim releases its volume: the volume's sync finds the claim gone.
    private void ClaimDeleted(V1PersistentVolumeClaim claim)
    {
        foreach (var volume in _informers.PersistentVolumes.List().Where(v => VolumeMatching.IsBoundToClaim(v, claim)))
        {
            _host.Queue.Add(VolumePrefix + volume.Metadata.Name);
        }
    }

    private void PodChanged(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName) || !PodClaims.Any(pod))
        {
            return;
        }
        foreach (var claim in PodClaims.Names(pod))
        {
            _host.Queue.Add(ClaimKey(pod.Metadata.NamespaceProperty, claim));
        }
    }

    private void VolumeAdded(V1PersistentVolume volume)
    {
        _host.Queue.Add(VolumePrefix + volume.Metadata.Name);
        if (volume.Spec?.ClaimRef is { } claimRef)
        {
            _host.Queue.Add(ClaimKey(claimRef.NamespaceProperty, claimRef.Name));
        }
        else if (volume.Status?.Phase == "Available")
        {
            // A volume that became Available (its own sync's write, or a release) may be the match a pending claim
            // waits for.
            QueueUnboundClaims();
        }
    }

    private void VolumeDeleted(V1PersistentVolume volume)
    {
        if (volume.Spec?.ClaimRef is { } claimRef)
        {
            _host.Queue.Add(ClaimKey(claimRef.NamespaceProperty, claimRef.Name));
        }
    }

    private void QueueUnboundClaims()
    {
        foreach (var claim in _informers.PersistentVolumeClaims.List().Where(c => !VolumeMatching.IsFullyBound(c)))
        {
            _host.Queue.Add(ClaimKey(claim.Metadata.NamespaceProperty, claim.Metadata.Name));
        }
    }

    private static string ClaimKey(string? ns, string name) => $"{ClaimPrefix}{ns}/{name}";

    private async Task SyncUnboundClaimAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            var delayBinding = VolumeMatching.IsDelayBinding(claim, c => _informers.StorageClasses.Get("", c));
            var volume = VolumeMatching.FindBest(claim, _informers.PersistentVolumes.List(), node: null, delayBinding);
            if (volume is not null)
            {
                await BindAsync(volume, claim, ct).ConfigureAwait(false);
                return;
            }
            if (await AssignDefaultClassAsync(claim, ct).ConfigureAwait(false))
            {
                return;
            }
            var claimClass = StorageClasses.ClaimClass(claim);
            if (delayBinding && !VolumeAnnotations.Has(claim.Metadata.Annotations, VolumeAnnotations.SelectedNode))
            {
                EmitWaitingForConsumer(claim);
            }
            else if (claimClass.Length > 0)
            {
                await ProvisionAsync(claim, claimClass, ct).ConfigureAwait(false);
                return;
            }
            else
            {
                _events.Normal(claim, "FailedBinding", "no persistent volumes available for this claim and no storage class is set", Component);
            }
            await UpdateClaimStatusAsync(claim, "Pending", null, ct).ConfigureAwait(false);
            return;
        }
        var requested = _informers.PersistentVolumes.Get("", claim.Spec.VolumeName);
        if (requested is null)
        {
            await UpdateClaimStatusAsync(claim, "Pending", null, ct).ConfigureAwait(false);
        }
        else if (requested.Spec?.ClaimRef is null)
        {
            if (VolumeMatching.Unsatisfied(requested, claim) is { } reason)
            {
                _events.Warning(claim, "VolumeMismatch", $"Cannot bind to requested volume \"{requested.Metadata.Name}\": {reason}", Component);
                await UpdateClaimStatusAsync(claim, "Pending", null, ct).ConfigureAwait(false);
                return;
            }
            await BindAsync(requested, claim, ct).ConfigureAwait(false);
        }
        else if (VolumeMatching.IsBoundToClaim(requested, claim))
        {
            await BindAsync(requested, claim, ct).ConfigureAwait(false);
        }
        else
        {
            _events.Warning(claim, "FailedBinding", $"volume \"{requested.Metadata.Name}\" already bound to a different claim.", Component);
            await UpdateClaimStatusAsync(claim, "Pending", null, ct).ConfigureAwait(false);
        }
    }

    private async Task SyncBoundClaimAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            await MarkClaimLostAsync(claim, "ClaimLost", "Bound claim has lost reference to PersistentVolume. Data on the volume is lost!", ct).ConfigureAwait(false);
            return;
        }
        var volume = _informers.PersistentVolumes.Get("", claim.Spec.VolumeName);
        if (volume is null)
        {
            await MarkClaimLostAsync(claim, "ClaimLost", "Bound claim has lost its PersistentVolume. Data on the volume is lost!", ct).ConfigureAwait(false);
        }
        else if (volume.Spec?.ClaimRef is null || volume.Spec.ClaimRef.Uid == claim.Metadata.Uid)
        {
            await BindAsync(volume, claim, ct).ConfigureAwait(false);
        }
        else
        {
            await MarkClaimLostAsync(claim, "ClaimMisbound", "Two claims are bound to the same volume, this one is bound incorrectly", ct).ConfigureAwait(false);
        }
    }

    private async Task SyncVolumeAsync(V1PersistentVolume volume, CancellationToken ct)
    {
        var claimRef = volume.Spec?.ClaimRef;
        if (claimRef is null || string.IsNullOrEmpty(claimRef.Uid))
        {
            await UpdateVolumePhaseAsync(volume, "Available", null, ct).ConfigureAwait(false);
            return;
        }
        var claim = _informers.PersistentVolumeClaims.Get(claimRef.NamespaceProperty ?? "", claimRef.Name);
        if (claim is null || claim.Metadata.Uid != claimRef.Uid)
        {
            if (ClaimStillStored(claimRef))
            {
                // The informer has not shown the claim yet; its event brings the claim's sync, which binds.
                return;
            }
            if (volume.Status?.Phase is not ("Released" or "Failed"))
            {
                volume = await UpdateVolumePhaseAsync(volume, "Released", null, ct).ConfigureAwait(false);
            }
            await ReclaimAsync(volume, ct).ConfigureAwait(false);
        }
        else if (string.IsNullOrEmpty(claim.Spec?.VolumeName))
        {
            // The claim side of the bind is the claim's sync.
            _host.Queue.Add(ClaimKey(claim.Metadata.NamespaceProperty, claim.Metadata.Name));
        }
        else if (claim.Spec.VolumeName == volume.Metadata.Name)
        {
            await UpdateVolumePhaseAsync(volume, "Bound", null, ct).ConfigureAwait(false);
        }
        else if (VolumeAnnotations.Has(volume.Metadata.Annotations, VolumeAnnotations.ProvisionedBy) && volume.Spec!.PersistentVolumeReclaimPolicy == "Delete")
        {
            // The claim bound another volume while this one was being provisioned for it: nobody will use this one.
            if (volume.Status?.Phase is not ("Released" or "Failed"))
            {
                volume = await UpdateVolumePhaseAsync(volume, "Released", null, ct).ConfigureAwait(false);
            }
            await ReclaimAsync(volume, ct).ConfigureAwait(false);
        }
        else
        {
            // unbindVolume: a binding this controller made is undone; one a user made keeps its name, loses its uid.
            var byController = VolumeAnnotations.Has(volume.Metadata.Annotations, VolumeAnnotations.BoundByController);
            await _client.UpdateAsync<V1PersistentVolume>("", volume.Metadata.Name, v =>
            {
                if (byController)
                {
                    v.Spec.ClaimRef = null;
                    v.Metadata.Annotations?.Remove(VolumeAnnotations.BoundByController);
                }
                else if (v.Spec.ClaimRef is { } r)
                {
                    r.Uid = null;
                }
                return true;
            }, ct: ct).ConfigureAwait(false);
        }
    }

    // syncVolume asks the API server before it releases a volume: the informer may not have shown a claim made a
    // moment ago (a volume pre-bound to it can arrive first). The store's cache holds every committed write.
    private bool ClaimStillStored(V1ObjectReference claimRef) =>
        _service.TryGet(_service.Registry.PersistentVolumeClaims, claimRef.NamespaceProperty ?? "", claimRef.Name) is { } stored && stored.Index.Uid == claimRef.Uid;

    /// <summary>reclaimVolume: Retain keeps a Released volume; Delete and Recycle as the volume's plugin would, simulated.</summary>
    private async Task ReclaimAsync(V1PersistentVolume volume, CancellationToken ct)
    {
        if (volume.Status?.Phase != "Released")
        {
            return;
        }
        switch (ReclaimPlan.For(volume))
        {
            case ReclaimPlan.Kind.Keep:
                return;
            case ReclaimPlan.Kind.DeleteObject:
                await VolumeDeletion.DeleteAsync(_client, volume, ct).ConfigureAwait(false);
                return;
            case ReclaimPlan.Kind.Recycle:
                _events.Normal(volume, "VolumeRecycled", "Volume recycled", Component);
                await _client.UpdateAsync<V1PersistentVolume>("", volume.Metadata.Name, v =>
                {
                    v.Spec.ClaimRef = null;
                    v.Metadata.Annotations?.Remove(VolumeAnnotations.BoundByController);
                    return true;
                }, ct: ct).ConfigureAwait(false);
                return;
            case ReclaimPlan.Kind.Fail:
                var (reason, message) = ReclaimPlan.Failure(volume);
                _events.Warning(volume, reason, message, Component);
                await UpdateVolumePhaseAsync(volume, "Failed", message, ct).ConfigureAwait(false);
                return;
        }
    }

    /// <summary>
    /// bind: the volume's claimRef, its phase, the claim's volumeName and annotations, then the claim's status, each
    /// only if it differs. The claimRef is written only while the volume is free or already this claim's: two
    /// workers that chose one volume for two claims cannot both have it (upstream's write carries the cached
    /// resourceVersion for the same reason); the loser's claim is synced again.
    /// </summary>
    private async Task BindAsync(V1PersistentVolume volume, V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        var claimRef = VolumeMatching.ClaimReference(claim);
        if (!SameClaim(volume.Spec?.ClaimRef, claimRef))
        {
            var setByController = !VolumeMatching.IsBoundToClaim(volume, claim);
            var taken = false;
            var result = await _client.UpdateAsync<V1PersistentVolume>("", volume.Metadata.Name, v =>
            {
                if (v.Metadata.Uid != volume.Metadata.Uid || (v.Spec.ClaimRef is not null && !VolumeMatching.IsBoundToClaim(v, claim)))
                {
                    taken = true;
                    return false;
                }
                v.Spec.ClaimRef = claimRef;
                if (setByController)
                {
                    (v.Metadata.Annotations ??= new Dictionary<string, string>())[VolumeAnnotations.BoundByController] = VolumeAnnotations.Yes;
                }
                return true;
            }, ct: ct).ConfigureAwait(false);
            if (taken)
            {
                _host.Queue.Add(ClaimKey(claim.Metadata.NamespaceProperty, claim.Metadata.Name));
                return;
            }
            volume = ObjectClient.Read<V1PersistentVolume>(result);
        }
        volume = await UpdateVolumePhaseAsync(volume, "Bound", null, ct).ConfigureAwait(false);
        if (claim.Spec?.VolumeName != volume.Metadata.Name || !VolumeAnnotations.Has(claim.Metadata.Annotations, VolumeAnnotations.BindCompleted))
        {
            var result = await _client.UpdateAsync<V1PersistentVolumeClaim>(claim.Metadata.NamespaceProperty, claim.Metadata.Name, c =>
            {
                var annotations = c.Metadata.Annotations ??= new Dictionary<string, string>();
                if (c.Spec.VolumeName != volume.Metadata.Name)
                {
                    c.Spec.VolumeName = volume.Metadata.Name;
                    annotations[VolumeAnnotations.BoundByController] = VolumeAnnotations.Yes;
                }
                annotations[VolumeAnnotations.BindCompleted] = VolumeAnnotations.Yes;
                return true;
            }, ct: ct).ConfigureAwait(false);
            claim = ObjectClient.Read<V1PersistentVolumeClaim>(result);
        }
        await UpdateClaimStatusAsync(claim, "Bound", volume, ct).ConfigureAwait(false);
    }

    // GetBindVolumeToClaim's test: the claimRef names this claim by namespace, name and uid (its resourceVersion is a
    // snapshot, and comparing it would rewrite the volume after every write of the claim).
    private static bool SameClaim(V1ObjectReference? current, V1ObjectReference wanted) =>
        current is not null && current.Name == wanted.Name && current.NamespaceProperty == wanted.NamespaceProperty && current.Uid == wanted.Uid
        && current.Kind == wanted.Kind && current.ApiVersion == wanted.ApiVersion;

    /// <summary>updateClaimStatus: a bound claim shows its volume's access modes and capacity, any other phase neither.</summary>
    private async Task UpdateClaimStatusAsync(V1PersistentVolumeClaim claim, string phase, V1PersistentVolume? volume, CancellationToken ct)
    {
        var status = claim.Status ?? new V1PersistentVolumeClaimStatus();
        var modes = volume?.Spec?.AccessModes;
        var capacity = volume?.Spec?.Capacity;
        if (status.Phase == phase && Semantic.DeepEqual(status.AccessModes, modes) && (phase != "Bound" || status.Capacity is not null))
        {
            return;
        }
        await _client.UpdateAsync<V1PersistentVolumeClaim>(claim.Metadata.NamespaceProperty, claim.Metadata.Name, c =>
        {
            c.Status ??= new V1PersistentVolumeClaimStatus();
            // Capacity is written when the phase changes (a resize would own it afterwards); access modes follow the volume.
            if (c.Status.Phase != phase)
            {
                c.Status.Capacity = capacity is null ? null : new Dictionary<string, ResourceQuantity>(capacity);
            }
            c.Status.Phase = phase;
            c.Status.AccessModes = modes is null ? null : [.. modes];
            return true;
        }, status: true, ct).ConfigureAwait(false);
    }

    private async Task MarkClaimLostAsync(V1PersistentVolumeClaim claim, string reason, string message, CancellationToken ct)
    {
        if (claim.Status?.Phase == "Lost")
        {
            return;
        }
        await UpdateClaimStatusAsync(claim, "Lost", null, ct).ConfigureAwait(false);
        _events.Warning(claim, reason, message, Component);
    }

    private async Task<V1PersistentVolume> UpdateVolumePhaseAsync(V1PersistentVolume volume, string phase, string? message, CancellationToken ct)
    {
        if (volume.Status?.Phase == phase && volume.Status.Message == message)
        {
            return volume;
        }
        var result = await _client.UpdateAsync<V1PersistentVolume>("", volume.Metadata.Name, v =>
        {
            v.Status ??= new V1PersistentVolumeStatus();
            v.Status.Phase = phase;
            v.Status.Message = message;
            return true;
        }, status: true, ct).ConfigureAwait(false);
        return ObjectClient.Read<V1PersistentVolume>(result);
    }

    /// <summary>assignDefaultStorageClass (RetroactiveDefaultStorageClass, GA in 1.28): a claim with no class at all, not "", gets the default.</summary>
    private async Task<bool> AssignDefaultClassAsync(V1PersistentVolumeClaim claim, CancellationToken ct)
    {
        if (claim.Spec?.StorageClassName is not null || VolumeAnnotations.Has(claim.Metadata.Annotations, StorageClasses.BetaStorageClassAnnotation)
            || StorageClasses.DefaultClassName(_informers.StorageClasses.List()) is not { } className)
        {
            return false;
        }
        await _client.UpdateAsync<V1PersistentVolumeClaim>(claim.Metadata.NamespaceProperty, claim.Metadata.Name, c =>
        {
            if (c.Spec.StorageClassName is not null)
            {
                return false;
            }
            c.Spec.StorageClassName = className;
            return true;
        }, ct: ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>provisionClaim for an external provisioner: the claim is annotated with it, and the event says who is to act.</summary>
    private async Task ProvisionAsync(V1PersistentVolumeClaim claim, string className, CancellationToken ct)
    {
        if (_informers.StorageClasses.Get("", className) is not { } storageClass)
        {
            _events.Warning(claim, "ProvisioningFailed", $"storageclass.storage.k8s.io \"{className}\" not found", Component);
            await UpdateClaimStatusAsync(claim, "Pending", null, ct).ConfigureAwait(false);
            return;
        }
        var provisioner = storageClass.Provisioner ?? "";
        if (provisioner.StartsWith("kubernetes.io/", StringComparison.Ordinal))
        {
            // findProvisionablePlugin: an in-tree name without a plugin here (no-provisioner among them) is an error,
            // not a hand-off; only other names are external provisioners.
            _events.Warning(claim, "ProvisioningFailed", $"no volume plugin matched name: {provisioner}", Component);
            await UpdateClaimStatusAsync(claim, "Pending", null, ct).ConfigureAwait(false);
            return;
        }
        var annotations = claim.Metadata.Annotations;
        if (VolumeAnnotations.Get(annotations, VolumeAnnotations.StorageProvisioner) != provisioner
            || VolumeAnnotations.Get(annotations, VolumeAnnotations.BetaStorageProvisioner) != provisioner)
        {
            await _client.UpdateAsync<V1PersistentVolumeClaim>(claim.Metadata.NamespaceProperty, claim.Metadata.Name, c =>
            {
                var a = c.Metadata.Annotations ??= new Dictionary<string, string>();
                a[VolumeAnnotations.StorageProvisioner] = provisioner;
                a[VolumeAnnotations.BetaStorageProvisioner] = provisioner;
                return true;
            }, ct: ct).ConfigureAwait(false);
        }
        _events.Normal(claim, "ExternalProvisioning",
            $"Waiting for a volume to be created either by the external provisioner '{provisioner}' or manually by the system administrator. "
            + "If volume creation is delayed, please verify that the provisioner is running and correctly registered.", Component);
    }

    /// <summary>emitEventForUnboundDelayBindingClaim: which unscheduled pods wait, if any.</summary>
    private void EmitWaitingForConsumer(V1PersistentVolumeClaim claim)
    {
        var pods = _informers.Pods.ByIndex(SharedInformers.ByNamespace, claim.Metadata.NamespaceProperty ?? "")
            .Where(p => string.IsNullOrEmpty(p.Spec?.NodeName) && !PodSchedulingState.IsTerminal(p)
                && (p.Spec?.Volumes ?? []).Any(v => v.PersistentVolumeClaim?.ClaimName == claim.Metadata.Name))
            .Select(p => p.Metadata.Name)
            .ToList();
        var (reason, message) = pods.Count switch
        {
            0 => ("WaitForFirstConsumer", "waiting for first consumer to be created before binding"),
            1 => ("WaitForPodScheduled", $"waiting for pod {pods[0]} to be scheduled"),
            _ => ("WaitForPodScheduled", $"waiting for pods {string.Join(",", pods)} to be scheduled"),
        };
        _events.Normal(claim, reason, message, Component);
    }
}
