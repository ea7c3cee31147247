using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Nodes;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.CronJobs;

/// <summary>
/// The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go). Each sync re-reads the CronJob from storage
/// (its active list and last schedule time are what keep a Job from starting twice, so a stale copy must not decide),
/// takes its Jobs from the informer, deletes finished Jobs beyond the history limits, brings status.active and
/// lastSuccessfulTime up to date, and starts the Job of the most recent unmet schedule time as <see cref="ScheduleDecision"/>
/// decides; the key is looked at again at the next schedule time. A Job's name is derived from its scheduled time,
/// so a second attempt at the same time ends in AlreadyExists rather than a second Job.
/// </summary>
public sealed class CronJobController : IControlLoop, IReconciler<string>
{
    public const string Component = "cronjob-controller";

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ResourceRegistry _registry;
    private readonly ObjectClient _client;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ControllerHost<string> _host;

    public CronJobController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<CronJobController> logger)
    {
        _informers = informers;
        _service = service;
        _registry = registry;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount(Component));
        _events = events;
        _time = time;
        _host = new ControllerHost<string>(this, options.CronJobWorkers, time, logger, queueName: "cronjob");
        var handlers = new CronJobEventHandlers(informers, _host.Queue, time);
        informers.CronJobs.AddHandler(handlers);
        informers.Jobs.AddHandler(handlers);
    }

    public string Name => Component;

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var cronJob in _informers.CronJobs.List())
        {
            _host.Queue.Add(CronJobEventHandlers.Key(cronJob.Metadata));
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (Fresh<V1CronJob>(_registry.CronJobs, key[..slash], key[(slash + 1)..]) is not { } cronJob)
        {
            return ReconcileResult.Done;
        }
        var stored = ModelCopy.Of(cronJob.Status ?? new V1CronJobStatus());
        cronJob.Status ??= new V1CronJobStatus();
        var uid = cronJob.Metadata.Uid;
        var jobs = _informers.Jobs.ByIndex(SharedInformers.ByOwner, uid).Where(j => CronJobJobs.ControllerRef(j.Metadata)?.Uid == uid).ToList();
        TimeSpan? requeue;
        try
        {
            await CleanupFinishedJobsAsync(cronJob, jobs, ct).ConfigureAwait(false);
            requeue = await SyncAsync(cronJob, jobs, ct).ConfigureAwait(false);
        }
        finally
        {
            // Whatever was done before a failure (a Job created, one deleted) is recorded before the error requeues the key.
            if (!Semantic.DeepEqual(stored, cronJob.Status))
            {
                await StoreStatusAsync(cronJob, ct).ConfigureAwait(false);
            }
        }
        return requeue is { } after ? ReconcileResult.After(after < TimeSpan.Zero ? TimeSpan.Zero : after) : ReconcileResult.Done;
    }

    /// <summary>cleanupFinishedJobs: succeeded and failed Jobs beyond their history limits go, oldest first.</summary>
    private async Task CleanupFinishedJobsAsync(V1CronJob cronJob, List<V1Job> jobs, CancellationToken ct)
    {
        var succeeded = jobs.Where(j => CronJobJobs.FinishedStatus(j) == "Complete");
        var failed = jobs.Where(j => CronJobJobs.FinishedStatus(j) == "Failed");
        var doomed = CronJobJobs.BeyondLimit(succeeded, cronJob.Spec.SuccessfulJobsHistoryLimit)
            .Concat(CronJobJobs.BeyondLimit(failed, cronJob.Spec.FailedJobsHistoryLimit)).ToList();
        foreach (var job in doomed)
        {
            try
            {
                await DeleteJobAsync(cronJob, job, ct).ConfigureAwait(false);
            }
            catch (ApiException)
            {
                // cleanupFinishedJobs records FailedDelete and goes on: a Job that cannot go must not stop the schedule.
            }
        }
    }

    /// <summary>syncCronJob: the active list from the Jobs, then the schedule's decision, acted on.</summary>
    private async Task<TimeSpan?> SyncAsync(V1CronJob cronJob, List<V1Job> jobs, CancellationToken ct)
    {
        var status = cronJob.Status!;
        foreach (var job in jobs)
        {
            var listed = status.Active?.Any(a => a.Uid == job.Metadata.Uid) == true;
            var finished = CronJobJobs.FinishedStatus(job);
            if (!listed && finished is null)
            {
                _events.Warning(cronJob, "UnexpectedJob", $"Saw a job that the controller did not create or forgot: {job.Metadata.Name}", Component);
            }
            else if (listed && finished is not null)
            {
                CronJobJobs.Forget(status, job.Metadata.Uid);
                _events.Normal(cronJob, "SawCompletedJob", $"Saw completed job: {job.Metadata.Name}, condition: {finished}", Component);
            }
            else if (finished == "Complete" && KubeTime.Of(job.Status?.CompletionTime) is { } completed
                && (KubeTime.Of(status.LastSuccessfulTime) is not { } last || completed > last))
            {
                status.LastSuccessfulTime = job.Status!.CompletionTime;
            }
        }
        // An active Job the informer does not show may be one it has not seen yet: only a live 404 removes it.
        foreach (var reference in (status.Active ?? []).Where(a => jobs.All(j => j.Metadata.Uid != a.Uid)).ToList())
        {
            if (Fresh<V1Job>(_registry.Jobs, reference.NamespaceProperty ?? cronJob.Metadata.NamespaceProperty, reference.Name) is null)
            {
                _events.Normal(cronJob, "MissingJob", $"Active job went missing: {reference.Name}", Component);
                CronJobJobs.Forget(status, reference.Uid);
            }
        }

        var decision = ScheduleDecision.Decide(cronJob, _time.GetUtcNow());
        if (decision.Reason is { } reason)
        {
            _events.Record(cronJob, decision.EventType!, reason, decision.Message!, Component);
        }
        if (decision.Start is not { } scheduled)
        {
            return decision.Requeue;
        }
        if (decision.ReplaceActive)
        {
            foreach (var reference in (status.Active ?? []).ToList())
            {
                var running = Fresh<V1Job>(_registry.Jobs, reference.NamespaceProperty ?? cronJob.Metadata.NamespaceProperty, reference.Name)
                    ?? throw new InvalidOperationException($"could not replace job {reference.NamespaceProperty}/{reference.Name}: not found");
                await DeleteJobAsync(cronJob, running, ct).ConfigureAwait(false);
            }
        }
        var started = await CreateJobAsync(cronJob, scheduled, decision.Zone, ct).ConfigureAwait(false);
        if (started is null)
        {
            return null;
        }
        status.Active = [.. status.Active ?? [], CronJobJobs.Reference(started)];
        status.LastScheduleTime = KubeTime.Time(scheduled);
        return decision.Requeue;
    }

    /// <summary>
    /// Creates the Job for <paramref name="scheduled"/>; the existing one when it was already made (by an earlier attempt
    /// whose status write was lost); null when that Job is not this CronJob's or is already listed, so nothing is recorded.
    /// </summary>
    private async Task<V1Job?> CreateJobAsync(V1CronJob cronJob, DateTimeOffset scheduled, TimeZoneInfo zone, CancellationToken ct)
    {
        var request = CronJobJobs.Build(cronJob, scheduled, zone);
        try
        {
            var created = await _client.CreateAsync(request, ct).ConfigureAwait(false);
            _events.Normal(cronJob, "SuccessfulCreate", $"Created job {created.Metadata.Name}", Component);
            return created;
        }
        catch (ApiException ex) when (ex.Code == 409 && ex.Reason == "AlreadyExists")
        {
            var existing = Fresh<V1Job>(_registry.Jobs, request.Metadata.NamespaceProperty, request.Metadata.Name)
                ?? throw new InvalidOperationException($"job {request.Metadata.Name} already exists but cannot be read", ex);
            var controlled = CronJobJobs.ControllerRef(existing.Metadata)?.Uid == cronJob.Metadata.Uid;
            return controlled && cronJob.Status!.Active?.Any(a => a.Uid == existing.Metadata.Uid) != true ? existing : null;
        }
        catch (ApiException ex)
        {
            _events.Warning(cronJob, "FailedCreate", $"Error creating job: {ex.Message}", Component);
            throw;
        }
    }

    /// <summary>deleteJob: background propagation (the Job controller's pods go after it), then off the active list.</summary>
    private async Task DeleteJobAsync(V1CronJob cronJob, V1Job job, CancellationToken ct)
    {
        try
        {
            await _client.DeleteAsync<V1Job>(job.Metadata.NamespaceProperty, job.Metadata.Name,
                new DeleteOptions(PropagationPolicy: "Background", PreconditionUid: job.Metadata.Uid), ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code != 404)
        {
            _events.Warning(cronJob, "FailedDelete", $"Deleted job: {ex.Message}", Component);
            throw;
        }
        catch (ApiException)
        {
            // Already gone: nothing left to delete, and it is no longer active either.
        }
        CronJobJobs.Forget(cronJob.Status!, job.Metadata.Uid);
        _events.Normal(cronJob, "SuccessfulDelete", $"Deleted job {job.Metadata.Name}", Component);
    }

    private T? Fresh<T>(ResourceType type, string ns, string name)
        where T : class
    {
        try
        {
            return ModelCodec.Decode<T>(_service.Get(type, ns, name).Json);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return null;
        }
    }

    private async Task StoreStatusAsync(V1CronJob cronJob, CancellationToken ct)
    {
        await _client.UpdateAsync<V1CronJob>(cronJob.Metadata.NamespaceProperty, cronJob.Metadata.Name, c =>
        {
            if (c.Metadata.Uid != cronJob.Metadata.Uid)
            {
                return false;
            }
            c.Status = cronJob.Status;
            // Go's omitempty: no active Jobs is no list at all.
            if (c.Status?.Active is { Count: 0 })
            {
                c.Status.Active = null;
            }
            return true;
        }, status: true, ct).ConfigureAwait(false);
    }
}
