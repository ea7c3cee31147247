using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Jobs;

/// <summary>
/// pkg/controller/ttlafterfinished: a finished Job with spec.ttlSecondsAfterFinished is deleted (foreground, so its
/// pods go first) that long after its Complete or Failed condition; until then the key is looked at again when it expires.
/// </summary>
public sealed class TtlAfterFinishedController : IControlLoop, IReconciler<string>, IInformerHandler<V1Job>
{
    private readonly SharedInformers _informers;
    private readonly ObjectClient _client;
    private readonly TimeProvider _time;
    private readonly ControllerHost<string> _host;

    public TtlAfterFinishedController(SharedInformers informers, ISender sender, ResourceRegistry registry, TimeProvider time, ILogger<TtlAfterFinishedController> logger)
    {
        _informers = informers;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount("ttl-after-finished-controller"));
        _time = time;
        _host = new ControllerHost<string>(this, 1, time, logger, queueName: "ttl_jobs_to_delete");
        informers.Jobs.AddHandler(this);
    }

    public string Name => "ttl-after-finished-controller";

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var job in _informers.Jobs.List())
        {
            OnAdd(job);
        }
        return _host.RunAsync(ct);
    }

    public void OnAdd(V1Job obj)
    {
        if (NeedsCleanup(obj))
        {
            _host.Queue.Add(JobEventHandlers.Key(obj.Metadata));
        }
    }

    public void OnUpdate(V1Job oldObj, V1Job newObj) => OnAdd(newObj);

    public void OnDelete(V1Job obj)
    {
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var job = _informers.Jobs.Get(key[..slash], key[(slash + 1)..]);
        if (job is null || !NeedsCleanup(job) || JobConditions.FinishedAt(job) is not { } finished)
        {
            return ReconcileResult.Done;
        }
        var expireAt = finished.AddSeconds(job.Spec.TtlSecondsAfterFinished!.Value);
        var now = _time.GetUtcNow();
        if (now < expireAt)
        {
            return ReconcileResult.After(expireAt - now);
        }
        try
        {
            // The uid precondition keeps a Job re-created under the same name (with its own TTL) alive.
            await _client.DeleteAsync<V1Job>(job.Metadata.NamespaceProperty, job.Metadata.Name,
                new DeleteOptions(PropagationPolicy: "Foreground", PreconditionUid: job.Metadata.Uid), ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
        }
        return ReconcileResult.Done;
    }

    private static bool NeedsCleanup(V1Job job) =>
        job.Spec?.TtlSecondsAfterFinished is not null && job.Metadata.DeletionTimestamp is null && JobConditions.IsFinished(job);
}
