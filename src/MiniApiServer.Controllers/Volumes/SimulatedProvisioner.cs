using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// The external provisioner for <see cref="SimulatedStorage.ProvisionerName"/>, as sig-storage-lib-external-provisioner
/// runs rancher/local-path-provisioner: a claim annotated for it (and, for WaitForFirstConsumer, given a node by the
/// scheduler) gets a local volume pvc-&lt;uid&gt; pinned to that node and pre-bound to it; a Released volume it made
/// with reclaim policy Delete is deleted. No directory is created: the nodes are simulated.
/// </summary>
public sealed class SimulatedProvisioner : IControlLoop, IReconciler<string>
{
    private const string VolumePrefix = "volume:";

    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly EventRecorder _events;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public SimulatedProvisioner(SharedInformers informers, ResourceService service, ISender sender, EventRecorder events, TimeProvider time,
        ILogger<SimulatedProvisioner> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("local-path-provisioner-service-account"));
        _events = events;
        _host = new ControllerHost<string>(this, workers: 2, time, logger, queueName: "simulated-provisioner");
    }

    public string Name => "simulated-local-path-provisioner";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.PersistentVolumeClaims.AddHandler(new InformerCallbacks<V1PersistentVolumeClaim>(c => _host.Queue.Add($"{c.Metadata.NamespaceProperty}/{c.Metadata.Name}"), _ => { }));
            _informers.PersistentVolumes.AddHandler(new InformerCallbacks<V1PersistentVolume>(v => _host.Queue.Add(VolumePrefix + v.Metadata.Name), _ => { }));
        }
        foreach (var claim in _informers.PersistentVolumeClaims.List())
        {
            _host.Queue.Add($"{claim.Metadata.NamespaceProperty}/{claim.Metadata.Name}");
        }
        foreach (var volume in _informers.PersistentVolumes.List())
        {
            _host.Queue.Add(VolumePrefix + volume.Metadata.Name);
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(VolumePrefix, StringComparison.Ordinal))
        {
            if (_informers.PersistentVolumes.Get("", key[VolumePrefix.Length..]) is { } volume && ShouldDelete(volume))
            {
                await VolumeDeletion.DeleteAsync(_client, volume, ct).ConfigureAwait(false);
            }
            return ReconcileResult.Done;
        }
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (_informers.PersistentVolumeClaims.Get(key[..slash], key[(slash + 1)..]) is { } claim
            && _informers.StorageClasses.Get("", StorageClasses.ClaimClass(claim)) is { } storageClass
            && ShouldProvision(claim, storageClass)
            && _informers.PersistentVolumes.Get("", VolumeName(claim)) is null)
        {
            await ProvisionAsync(claim, storageClass, ct).ConfigureAwait(false);
        }
        return ReconcileResult.Done;
    }

    /// <summary>shouldProvision: unbound, annotated for this provisioner, and (for WaitForFirstConsumer) given a node.</summary>
    public static bool ShouldProvision(V1PersistentVolumeClaim claim, V1StorageClass storageClass) =>
        string.IsNullOrEmpty(claim.Spec?.VolumeName)
        && (VolumeAnnotations.Get(claim.Metadata.Annotations, VolumeAnnotations.StorageProvisioner)
            ?? VolumeAnnotations.Get(claim.Metadata.Annotations, VolumeAnnotations.BetaStorageProvisioner)) == SimulatedStorage.ProvisionerName
        && storageClass.Provisioner == SimulatedStorage.ProvisionerName
        && (storageClass.VolumeBindingMode != StorageClasses.WaitForFirstConsumer
            || VolumeAnnotations.Get(claim.Metadata.Annotations, VolumeAnnotations.SelectedNode) is { Length: > 0 });

    /// <summary>shouldDelete without the finalizer: a Released volume this provisioner made, whose policy is Delete.</summary>
    public static bool ShouldDelete(V1PersistentVolume volume) =>
        volume.Metadata.DeletionTimestamp is null && volume.Status?.Phase == "Released" && volume.Spec?.PersistentVolumeReclaimPolicy == "Delete"
        && VolumeAnnotations.Get(volume.Metadata.Annotations, VolumeAnnotations.ProvisionedBy) == SimulatedStorage.ProvisionerName;

    public static string VolumeName(V1PersistentVolumeClaim claim) => "pvc-" + claim.Metadata.Uid;

    /// <summary>
    /// local-path-provisioner's provisionFor: no selector, ReadWriteOnce or ReadWriteOncePod only, a node; the
    /// volume is a local path &lt;base&gt;/pvc-&lt;uid&gt;_&lt;namespace&gt;_&lt;claim&gt; with node affinity to that node's hostname.
    /// </summary>
    public static (V1PersistentVolume? Volume, string? Error) Plan(V1PersistentVolumeClaim claim, V1StorageClass storageClass, V1Node? node)
    {
        if (claim.Spec?.VolumeMode == "Block")
        {
            return (null, $"{SimulatedStorage.ProvisionerName} does not support block volume provisioning");
        }
        if (claim.Spec?.Selector is not null)
        {
            return (null, "claim.Spec.Selector is not supported");
        }
        if ((claim.Spec?.AccessModes ?? []).Any(m => m is not ("ReadWriteOnce" or "ReadWriteOncePod")))
        {
            return (null, "NodePath only supports ReadWriteOnce and ReadWriteOncePod (1.22+) access modes");
        }
        if (node is null)
        {
            return (null, "configuration error, no node was specified");
        }
        var name = VolumeName(claim);
        var hostname = node.Metadata.Labels?.TryGetValue("kubernetes.io/hostname", out var h) == true ? h : node.Metadata.Name;
        var volume = new V1PersistentVolume
        {
            ApiVersion = "v1",
            Kind = "PersistentVolume",
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Annotations = new Dictionary<string, string> { [VolumeAnnotations.ProvisionedBy] = SimulatedStorage.ProvisionerName },
            },
            Spec = new V1PersistentVolumeSpec
            {
                PersistentVolumeReclaimPolicy = storageClass.ReclaimPolicy ?? "Delete",
                AccessModes = [.. claim.Spec?.AccessModes ?? []],
                VolumeMode = "Filesystem",
                Capacity = claim.Spec?.Resources?.Requests is { } requests && requests.TryGetValue("storage", out var storage)
                    ? new Dictionary<string, ResourceQuantity> { ["storage"] = storage }
                    : null,
                Local = new V1LocalVolumeSource { Path = $"{SimulatedStorage.BasePath}/{name}_{claim.Metadata.NamespaceProperty}_{claim.Metadata.Name}" },
                NodeAffinity = new V1VolumeNodeAffinity
                {
                    Required = new V1NodeSelector
                    {
                        NodeSelectorTerms =
                        [
                            new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "kubernetes.io/hostname", OperatorProperty = "In", Values = [hostname] }] },
                        ],
                    },
                },
                ClaimRef = VolumeMatching.ClaimReference(claim),
                StorageClassName = StorageClasses.ClaimClass(claim),
            },
        };
        return (volume, null);
    }

    private async Task ProvisionAsync(V1PersistentVolumeClaim claim, V1StorageClass storageClass, CancellationToken ct)
    {
        var key = $"{claim.Metadata.NamespaceProperty}/{claim.Metadata.Name}";
        var nodeName = VolumeAnnotations.Get(claim.Metadata.Annotations, VolumeAnnotations.SelectedNode);
        var node = string.IsNullOrEmpty(nodeName) ? null : _informers.Nodes.Get("", nodeName);
        if (!string.IsNullOrEmpty(nodeName) && node is null)
        {
            // ProvisioningReschedule: the node is gone, so the claim is given back to the scheduler.
            _events.Warning(claim, "ProvisioningFailed", $"node \"{nodeName}\" not found", SimulatedStorage.ProvisionerName);
            await _client.UpdateAsync<V1PersistentVolumeClaim>(claim.Metadata.NamespaceProperty, claim.Metadata.Name,
                c => c.Metadata.Uid == claim.Metadata.Uid && c.Metadata.Annotations?.Remove(VolumeAnnotations.SelectedNode) == true, ct: ct).ConfigureAwait(false);
            return;
        }
        _events.Normal(claim, "Provisioning", $"External provisioner is provisioning volume for claim \"{key}\"", SimulatedStorage.ProvisionerName);
        var (volume, error) = Plan(claim, storageClass, node);
        if (volume is null)
        {
            _events.Warning(claim, "ProvisioningFailed", error!, SimulatedStorage.ProvisionerName);
            return;
        }
        try
        {
            await _client.CreateAsync(volume, ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 409)
        {
            // Made already (a retry after a lost response): the volume exists, which is all this asks.
            return;
        }
        _events.Normal(claim, "ProvisioningSucceeded", $"Successfully provisioned volume {volume.Metadata.Name}", SimulatedStorage.ProvisionerName);
    }
}
