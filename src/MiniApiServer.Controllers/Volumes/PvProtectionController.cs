using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// pkg/controller/volume/pvprotection/pv_protection_controller.go: a volume being deleted keeps
/// kubernetes.io/pv-protection while its phase is Bound; a volume without the finalizer gets it.
/// </summary>
public sealed class PvProtectionController : IControlLoop, IReconciler<string>, IInformerHandler<V1PersistentVolume>
{
    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly ControllerHost<string> _host;
    private int _handlersAdded;

    public PvProtectionController(SharedInformers informers, ResourceService service, ISender sender, TimeProvider time, ILogger<PvProtectionController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, service.Registry, ObjectClient.ServiceAccount("pv-protection-controller"));
        _host = new ControllerHost<string>(this, workers: 1, time, logger, queueName: "pvprotection");
    }

    public string Name => "persistentvolume-protection-controller";

    public Task RunAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _handlersAdded, 1) == 0)
        {
            _informers.PersistentVolumes.AddHandler(this);
        }
        foreach (var volume in _informers.PersistentVolumes.List())
        {
            OnAdd(volume);
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string name, CancellationToken ct)
    {
        if (_informers.PersistentVolumes.Get("", name) is not { } volume)
        {
            return ReconcileResult.Done;
        }
        var has = volume.Metadata.Finalizers?.Contains(ResourceService.PvProtectionFinalizer) == true;
        var deleting = volume.Metadata.DeletionTimestamp is not null;
        if ((deleting && has && volume.Status?.Phase != "Bound") || (!deleting && !has))
        {
            try
            {
                await _client.UpdateAsync<V1PersistentVolume>("", name, v =>
                {
                    var finalizers = v.Metadata.Finalizers ??= [];
                    if (v.Metadata.DeletionTimestamp is null)
                    {
                        return !finalizers.Contains(ResourceService.PvProtectionFinalizer) && Add(finalizers);
                    }
                    return v.Status?.Phase != "Bound" && finalizers.Remove(ResourceService.PvProtectionFinalizer);
                }, ct: ct).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                // Gone already.
            }
        }
        return ReconcileResult.Done;
    }

    private static bool Add(IList<string> finalizers)
    {
        finalizers.Add(ResourceService.PvProtectionFinalizer);
        return true;
    }

    public void OnAdd(V1PersistentVolume obj)
    {
        if (obj.Metadata.DeletionTimestamp is not null || obj.Metadata.Finalizers?.Contains(ResourceService.PvProtectionFinalizer) != true)
        {
            _host.Queue.Add(obj.Metadata.Name);
        }
    }

    public void OnUpdate(V1PersistentVolume oldObj, V1PersistentVolume newObj) => OnAdd(newObj);

    public void OnDelete(V1PersistentVolume obj)
    {
    }
}
