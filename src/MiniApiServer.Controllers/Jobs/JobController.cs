using System.Collections.Concurrent;
using k8s.Models;
using Mediator;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Jobs;

/// <summary>
/// The Job controller (pkg/controller/job/job_controller.go). Each sync re-reads the Job from storage (its status
/// holds the counts, which must never be computed from a stale copy) and its pods from the informer, then:
/// finished pods are recorded in status.uncountedTerminatedPods, their tracking finalizers removed, and only then
/// moved into succeeded/failed (trackJobStatusAndRemoveFinalizers), so a pod is counted exactly once even when it
/// is deleted right after; pods are created or deleted towards min(parallelism, remaining completions), with an
/// exponential backoff after failures; FailureTarget/SuccessCriteriaMet come first and Failed/Complete once no pod
/// is left running, as 1.32 does.
/// </summary>
public sealed class JobController : IControlLoop, IReconciler<string>
{
    public const string Component = "job-controller";
    private const int BurstReplicas = 500;
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(6);

    private readonly SharedInformers _informers;
    private readonly ResourceService _service;
    private readonly ObjectClient _client;
    private readonly ResourceRegistry _registry;
    private readonly EventRecorder _events;
    private readonly TimeProvider _time;
    private readonly ControllerOptions _options;
    private readonly ILogger<JobController> _logger;
    private readonly ControllerHost<string> _host;
    private readonly ControllerExpectations _expectations;

    // Pods whose finalizer this controller removed and counted; the informer may still show the finalizer for a
    // moment, and such a pod must not be counted again (upstream's finalizerExpectations).
    private readonly ConcurrentDictionary<string, string> _counted = new(StringComparer.Ordinal);

    public JobController(SharedInformers informers, ResourceService service, ISender sender, ResourceRegistry registry, EventRecorder events,
        TimeProvider time, ControllerOptions options, ILogger<JobController> logger)
    {
        _informers = informers;
        _service = service;
        _client = new ObjectClient(sender, registry, ObjectClient.ServiceAccount(Component));
        _registry = registry;
        _events = events;
        _time = time;
        _options = options;
        _logger = logger;
        _host = new ControllerHost<string>(this, options.JobWorkers, time, logger, queueName: "job");
        _expectations = new ControllerExpectations(time, Component);
        var handlers = new JobEventHandlers(informers, _host.Queue, _expectations);
        informers.Jobs.AddHandler(handlers);
        informers.Pods.AddHandler(handlers);
    }

    public string Name => Component;

    public void InformersRelisted() => _expectations.Clear();

    public Task RunAsync(CancellationToken ct)
    {
        foreach (var job in _informers.Jobs.List())
        {
            _host.Queue.Add(JobEventHandlers.Key(job.Metadata));
        }
        return _host.RunAsync(ct);
    }

    public async Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct)
    {
        if (key.StartsWith(JobEventHandlers.OrphanPrefix, StringComparison.Ordinal))
        {
            await ReleaseOrphanAsync(key[JobEventHandlers.OrphanPrefix.Length..]).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        var ns = key[..slash];
        var job = Fresh(ns, key[(slash + 1)..]);
        if (job is null)
        {
            _expectations.DeleteExpectations(key);
            return ReconcileResult.Done;
        }
        var pods = _informers.Pods.ByIndex(SharedInformers.ByOwner, job.Metadata.Uid)
            .Where(p => JobPods.ControllerRef(p.Metadata)?.Uid == job.Metadata.Uid).ToList();
        if (job.Metadata.DeletionTimestamp is not null || JobConditions.IsFinished(job))
        {
            // The garbage collector deletes (or orphans) the pods; they must not wait on a finalizer nobody removes.
            await RemoveFinalizersAsync(pods.Where(JobPods.HasFinalizer)).ConfigureAwait(false);
            return ReconcileResult.Done;
        }
        var now = _time.GetUtcNow();
        var status = job.Status ?? new V1JobStatus();
        var suspended = job.Spec.Suspend == true;
        // syncJob: a suspended Job has not started (its active deadline does not run), and resuming starts it anew.
        if (suspended)
        {
            if (JobConditions.Ensure(status, JobConditions.Suspended, "True", "JobSuspended", "Job suspended", now))
            {
                _events.Normal(job, "Suspended", "Job suspended", Component);
            }
        }
        else if (JobConditions.Ensure(status, JobConditions.Suspended, "False", "JobResumed", "Job resumed", now))
        {
            _events.Normal(job, "Resumed", "Job resumed", Component);
            status.StartTime = KubeTime.Time(now);
        }
        if (!suspended)
        {
            status.StartTime ??= KubeTime.Time(now);
        }

        var uncounted = status.UncountedTerminatedPods ?? new V1UncountedTerminatedPods();
        var newly = RecordFinished(pods, uncounted);
        if (newly > 0)
        {
            // Recorded before the finalizers go: after a crash between the two, the next sync still counts them.
            status.UncountedTerminatedPods = uncounted;
            job = await StoreStatusAsync(job, status).ConfigureAwait(false);
            status = job.Status!;
            uncounted = status.UncountedTerminatedPods ?? new V1UncountedTerminatedPods();
        }
        await CountUncountedAsync(job.Metadata.Uid, pods, status, uncounted).ConfigureAwait(false);

        var active = pods.Where(JobPods.Active).ToList();
        var terminating = pods.Count(JobPods.Terminating);
        var requeue = await DecideAsync(key, job, status, active, pods, now).ConfigureAwait(false);
        if (!_expectations.SatisfiedExpectations(key))
        {
            requeue ??= TimeSpan.FromSeconds(1);
        }
        active = _informers.Pods.ByIndex(SharedInformers.ByOwner, job.Metadata.Uid).Where(JobPods.Active).ToList();
        status.Active = active.Count;
        status.Ready = active.Count(JobPods.Ready);
        status.Terminating = terminating;
        var failureTarget = JobConditions.Get(status, JobConditions.FailureTarget);
        var successMet = JobConditions.Get(status, JobConditions.SuccessCriteriaMet);
        var drained = active.Count == 0 && terminating == 0 && (uncounted.Succeeded?.Count ?? 0) + (uncounted.Failed?.Count ?? 0) == 0;
        if (drained && failureTarget is not null)
        {
            JobConditions.Add(status, JobConditions.Failed, failureTarget.Reason, failureTarget.Message, now);
            _events.Warning(job, failureTarget.Reason, failureTarget.Message, Component);
        }
        else if (drained && successMet is not null)
        {
            JobConditions.Add(status, JobConditions.Complete, successMet.Reason, successMet.Message, now);
            status.CompletionTime = KubeTime.Time(now);
            _events.Normal(job, "Completed", "Job completed", Component);
        }
        await StoreStatusAsync(job, status).ConfigureAwait(false);
        return requeue is { } after ? ReconcileResult.After(after) : ReconcileResult.Done;
    }

    /// <summary>Adds finished pods that still carry the finalizer to uncountedTerminatedPods; returns how many were new.</summary>
    private int RecordFinished(List<V1Pod> pods, V1UncountedTerminatedPods uncounted)
    {
        var added = 0;
        var succeeded = uncounted.Succeeded ??= [];
        var failed = uncounted.Failed ??= [];
        foreach (var pod in pods)
        {
            var uid = pod.Metadata.Uid;
            if (!JobPods.HasFinalizer(pod) || _counted.ContainsKey(uid) || succeeded.Contains(uid) || failed.Contains(uid))
            {
                continue;
            }
            if (JobPods.Succeeded(pod))
            {
                succeeded.Add(uid);
                added++;
            }
            else if (JobPods.Failed(pod))
            {
                failed.Add(uid);
                added++;
            }
        }
        return added;
    }

    /// <summary>Removes the finalizers of the uncounted pods, then moves the pods whose finalizer is gone into the counters.</summary>
    private async Task CountUncountedAsync(string jobUid, List<V1Pod> pods, V1JobStatus status, V1UncountedTerminatedPods uncounted)
    {
        var byUid = pods.ToDictionary(p => p.Metadata.Uid);
        var uids = (uncounted.Succeeded ?? []).Concat(uncounted.Failed ?? []).ToList();
        var released = await RemoveFinalizersAsync(uids.Select(u => byUid.GetValueOrDefault(u)).OfType<V1Pod>().Where(JobPods.HasFinalizer), jobUid).ConfigureAwait(false);
        bool Counted(string uid) => released.Contains(uid) || !byUid.TryGetValue(uid, out var pod) || !JobPods.HasFinalizer(pod) || _counted.ContainsKey(uid);
        var succeeded = (uncounted.Succeeded ?? []).Where(Counted).ToList();
        var failed = (uncounted.Failed ?? []).Where(Counted).ToList();
        status.Succeeded = (status.Succeeded ?? 0) + succeeded.Count;
        status.Failed = (status.Failed ?? 0) + failed.Count;
        uncounted.Succeeded = (uncounted.Succeeded ?? []).Except(succeeded).ToList();
        uncounted.Failed = (uncounted.Failed ?? []).Except(failed).ToList();
        status.UncountedTerminatedPods = uncounted;
        // Forget this Job's pods the informer no longer has: their deletion was observed, so they cannot be seen again.
        foreach (var (uid, _) in _counted.Where(e => e.Value == jobUid && !byUid.ContainsKey(e.Key)).ToList())
        {
            _counted.TryRemove(uid, out _);
        }
    }

    /// <summary>The conditions and pod writes of one sync; returns when to look again (backoff, deadline).</summary>
    private async Task<TimeSpan?> DecideAsync(string key, V1Job job, V1JobStatus status, List<V1Pod> active, List<V1Pod> pods, DateTimeOffset now)
    {
        var spec = job.Spec;
        var failed = (status.Failed ?? 0) + (status.UncountedTerminatedPods?.Failed?.Count ?? 0);
        var succeeded = (status.Succeeded ?? 0) + (status.UncountedTerminatedPods?.Succeeded?.Count ?? 0);
        var finishing = JobConditions.Get(status, JobConditions.FailureTarget) is not null || JobConditions.Get(status, JobConditions.SuccessCriteriaMet) is not null;
        TimeSpan? requeue = null;
        if (!finishing)
        {
            // pastActiveDeadline: no deadline runs before the Job started or while it is suspended.
            var deadlineAt = spec.ActiveDeadlineSeconds is { } deadline && spec.Suspend != true && status.StartTime is { } startTime
                ? KubeTime.Of(startTime).AddSeconds(deadline) : (DateTimeOffset?)null;
            if (failed > (spec.BackoffLimit ?? 6))
            {
                JobConditions.Add(status, JobConditions.FailureTarget, JobConditions.BackoffLimitExceeded, JobConditions.BackoffLimitMessage, now);
                finishing = true;
            }
            else if (deadlineAt is { } expired && now >= expired)
            {
                JobConditions.Add(status, JobConditions.FailureTarget, JobConditions.DeadlineExceeded, JobConditions.DeadlineMessage, now);
                finishing = true;
            }
            else if (spec.Completions is { } completions ? succeeded >= completions : succeeded > 0 && active.Count == 0)
            {
                JobConditions.Add(status, JobConditions.SuccessCriteriaMet, JobConditions.CompletionsReached, JobConditions.CompletionsMessage, now);
                finishing = true;
            }
            else if (deadlineAt is { } later)
            {
                requeue = later - now;
            }
        }
        if (finishing)
        {
            // A finished Job's remaining pods are deleted; Failed/Complete follow once they are gone.
            await DeletePodsAsync(key, job, active).ConfigureAwait(false);
            return null;
        }
        if (spec.Suspend == true)
        {
            // manageJob on a suspended Job: its running pods are deleted, none are created.
            if (active.Count > 0 && _expectations.SatisfiedExpectations(key))
            {
                await DeletePodsAsync(key, job, active).ConfigureAwait(false);
            }
            return requeue;
        }
        if (!_expectations.SatisfiedExpectations(key))
        {
            return requeue;
        }
        var parallelism = spec.Parallelism ?? 1;
        var want = spec.Completions is { } c ? Math.Min(parallelism, c - succeeded) : succeeded > 0 ? active.Count : parallelism;
        want = Math.Max(0, want);
        if (active.Count > want)
        {
            // Not-yet-ready pods go first, as upstream's ActivePods ordering does.
            await DeletePodsAsync(key, job, active.OrderBy(p => JobPods.Ready(p)).Take(active.Count - want).ToList()).ConfigureAwait(false);
            return requeue;
        }
        if (active.Count == want)
        {
            return requeue;
        }
        if (failed > 0 && Backoff(pods, failed, now) is { } wait)
        {
            return requeue is { } r && r < wait ? r : wait;
        }
        await CreatePodsAsync(key, job, Math.Min(want - active.Count, BurstReplicas)).ConfigureAwait(false);
        return requeue;
    }

    /// <summary>
    /// getRemainingTime of the pod failure backoff: base × 2^(failures-1), capped at 6 minutes, from the last
    /// failure seen. Upstream counts consecutive failures per pod template; this counts all of the Job's failures.
    /// </summary>
    private TimeSpan? Backoff(List<V1Pod> pods, int failed, DateTimeOffset now)
    {
        var last = pods.Where(JobPods.Failed).Select(JobPods.FinishedAt).Where(t => t is not null).Max();
        if (last is null)
        {
            return null;
        }
        var delay = TimeSpan.FromTicks((long)Math.Min(MaxBackoff.Ticks, _options.JobPodFailureBackoff.Ticks * Math.Pow(2, failed - 1)));
        var remaining = last.Value + delay - now;
        return remaining > TimeSpan.Zero ? remaining : null;
    }

    /// <summary>Creates in slow-start batches (1, 2, 4, ...) that stop at the first error, as manageJob does.</summary>
    private async Task CreatePodsAsync(string key, V1Job job, int count)
    {
        _expectations.ExpectCreations(key, count);
        var batch = 1;
        for (var done = 0; done < count; done += batch, batch *= 2)
        {
            var slice = Math.Min(batch, count - done);
            var failed = 0;
            await Parallel.ForEachAsync(Enumerable.Range(0, slice), new ParallelOptions { MaxDegreeOfParallelism = slice }, async (_, token) =>
            {
                try
                {
                    var pod = await _client.CreateAsync(JobPods.Build(job), token).ConfigureAwait(false);
                    _events.Normal(job, "SuccessfulCreate", $"Created pod: {pod.Metadata.Name}", Component);
                }
                catch (Exception ex)
                {
                    _expectations.CreationObserved(key);
                    _events.Warning(job, "FailedCreate", $"Error creating: {ex.Message}", Component);
                    _logger.LogError(ex, "job {Job}: creating a pod failed", key);
                    Interlocked.Increment(ref failed);
                }
            }).ConfigureAwait(false);
            if (failed > 0)
            {
                _expectations.LowerExpectations(key, count - done - slice, 0);
                throw new InvalidOperationException($"failed to create {failed} pods for job {key}");
            }
        }
    }

    private async Task DeletePodsAsync(string key, V1Job job, List<V1Pod> pods)
    {
        if (pods.Count == 0)
        {
            return;
        }
        _expectations.ExpectDeletions(key, pods.Count);
        foreach (var pod in pods)
        {
            try
            {
                await _client.DeleteAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, new DeleteOptions(PreconditionUid: pod.Metadata.Uid)).ConfigureAwait(false);
                _events.Normal(job, "SuccessfulDelete", $"Deleted pod: {pod.Metadata.Name}", Component);
            }
            catch (ApiException ex) when (ex.Code is 404 or 409)
            {
                _expectations.DeletionObserved(key);
            }
        }
    }

    /// <summary>Removes the tracking finalizer; returns the uids it was removed from (or that are gone).</summary>
    private async Task<HashSet<string>> RemoveFinalizersAsync(IEnumerable<V1Pod> pods, string? countedFor = null)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods.ToList())
        {
            try
            {
                await _client.UpdateAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, p =>
                {
                    if (p.Metadata.Uid != pod.Metadata.Uid || !JobPods.HasFinalizer(p))
                    {
                        return false;
                    }
                    p.Metadata.Finalizers = p.Metadata.Finalizers!.Where(f => f != JobPods.TrackingFinalizer).ToList();
                    return true;
                }).ConfigureAwait(false);
                done.Add(pod.Metadata.Uid);
                if (countedFor is not null)
                {
                    _counted[pod.Metadata.Uid] = countedFor;
                }
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
                done.Add(pod.Metadata.Uid);
            }
        }
        return done;
    }

    /// <summary>An orphan pod keeps the tracking finalizer only while a live, unfinished Job owns it.</summary>
    private async Task ReleaseOrphanAsync(string podKey)
    {
        var slash = podKey.IndexOf('/', StringComparison.Ordinal);
        var pod = _informers.Pods.Get(podKey[..slash], podKey[(slash + 1)..]);
        if (pod is null || !JobPods.HasFinalizer(pod))
        {
            return;
        }
        if (JobPods.ControllerRef(pod.Metadata) is { Kind: "Job" } owner && Fresh(pod.Metadata.NamespaceProperty, owner.Name) is { } job
            && job.Metadata.Uid == owner.Uid && job.Metadata.DeletionTimestamp is null && !JobConditions.IsFinished(job))
        {
            return;
        }
        await RemoveFinalizersAsync([pod]).ConfigureAwait(false);
    }

    private V1Job? Fresh(string ns, string name)
    {
        try
        {
            return ModelCodec.Decode<V1Job>(_service.Get(_registry.Jobs, ns, name).Json);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
            return null;
        }
    }

    private async Task<V1Job> StoreStatusAsync(V1Job job, V1JobStatus status)
    {
        var result = await _client.UpdateAsync<V1Job>(job.Metadata.NamespaceProperty, job.Metadata.Name, j =>
        {
            if (j.Metadata.Uid != job.Metadata.Uid)
            {
                return false;
            }
            j.Status = status;
            return true;
        }, status: true).ConfigureAwait(false);
        return ObjectClient.Read<V1Job>(result);
    }
}
