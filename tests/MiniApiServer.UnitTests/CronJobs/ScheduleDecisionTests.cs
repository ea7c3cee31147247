using System.Globalization;
using k8s.Models;
using MiniApiServer.Controllers.CronJobs;

namespace MiniApiServer.UnitTests.CronJobs;

/// <summary>
/// syncCronJob's decisions and utils.go's schedule arithmetic (pkg/controller/cronjob/cronjob_controllerv2_test.go
/// TestControllerV2SyncCronJob cases, utils_test.go TestMostRecentScheduleTime), on a fixed clock.
/// </summary>
public sealed class ScheduleDecisionTests
{
    private static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    private static V1CronJob CronJob(string schedule = "0 * * * *", string created = "2026-07-09T09:30:00Z", string? lastSchedule = null,
        string policy = "Allow", bool suspend = false, long? deadline = null, string? timeZone = null, int active = 0) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "CronJob",
        Metadata = new V1ObjectMeta { Name = "hourly", NamespaceProperty = "default", Uid = "uid-1", CreationTimestamp = At(created).UtcDateTime },
        Spec = new V1CronJobSpec
        {
            Schedule = schedule,
            ConcurrencyPolicy = policy,
            Suspend = suspend,
            StartingDeadlineSeconds = deadline,
            TimeZone = timeZone,
            JobTemplate = new V1JobTemplateSpec { Spec = new V1JobSpec() },
        },
        Status = new V1CronJobStatus
        {
            LastScheduleTime = lastSchedule is null ? null : At(lastSchedule).UtcDateTime,
            Active = [.. Enumerable.Range(0, active).Select(i => new V1ObjectReference { Name = $"running-{i}", NamespaceProperty = "default", Uid = $"job-{i}" })],
        },
    };

    [Fact]
    public void NothingDue_WaitsUntilTheNextTimePlus100ms()
    {
        var decision = ScheduleDecision.Decide(CronJob(), At("2026-07-09T09:45:00Z"));

        Assert.Null(decision.Start);
        Assert.Equal(TimeSpan.FromMinutes(15) + TimeSpan.FromMilliseconds(100), decision.Requeue);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public void DueTime_StartsThatJob_NamedByItsMinutesSinceTheEpoch()
    {
        var decision = ScheduleDecision.Decide(CronJob(), At("2026-07-09T10:00:05Z"));

        Assert.Equal(At("2026-07-09T10:00:00Z"), decision.Start);
        Assert.False(decision.ReplaceActive);
        Assert.Equal(TimeSpan.FromMinutes(60) - TimeSpan.FromSeconds(5) + TimeSpan.FromMilliseconds(100), decision.Requeue);
        Assert.Equal("hourly-29726520", CronJobJobs.Name("hourly", decision.Start!.Value));
    }

    [Fact]
    public void ManyMissedTimes_StartOnlyTheMostRecent()
    {
        var decision = ScheduleDecision.Decide(CronJob(lastSchedule: "2026-07-09T10:00:00Z"), At("2026-07-09T15:20:00Z"));

        Assert.Equal(At("2026-07-09T15:00:00Z"), decision.Start);
        Assert.Null(decision.Reason);
    }

    [Fact]
    public void AlreadyScheduled_StartsNothing()
    {
        var decision = ScheduleDecision.Decide(CronJob(lastSchedule: "2026-07-09T10:00:00Z"), At("2026-07-09T10:30:00Z"));

        Assert.Null(decision.Start);
        Assert.Equal(TimeSpan.FromMinutes(30) + TimeSpan.FromMilliseconds(100), decision.Requeue);
    }

    [Fact]
    public void Forbid_WithAnActiveJob_StartsNothing_AndSaysWhy()
    {
        var decision = ScheduleDecision.Decide(CronJob(policy: "Forbid", lastSchedule: "2026-07-09T10:00:00Z", active: 1), At("2026-07-09T11:00:01Z"));

        Assert.Null(decision.Start);
        Assert.Equal(("Normal", "JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid"),
            (decision.EventType, decision.Reason, decision.Message));
    }

    [Fact]
    public void Replace_WithAnActiveJob_StartsAndReplaces()
    {
        var decision = ScheduleDecision.Decide(CronJob(policy: "Replace", lastSchedule: "2026-07-09T10:00:00Z", active: 1), At("2026-07-09T11:00:01Z"));

        Assert.Equal(At("2026-07-09T11:00:00Z"), decision.Start);
        Assert.True(decision.ReplaceActive);
    }

    [Fact]
    public void Suspended_StartsNothing_AndDoesNotRequeue()
    {
        var decision = ScheduleDecision.Decide(CronJob(suspend: true), At("2026-07-09T10:00:05Z"));

        Assert.Null(decision.Start);
        Assert.Null(decision.Requeue);
    }

    [Fact]
    public void PastStartingDeadline_StartsNothing_UntilTheNextTime()
    {
        // The deadline moves the earliest time considered up to now - 10s, so 10:00 is no longer a candidate at all.
        var decision = ScheduleDecision.Decide(CronJob(deadline: 10, lastSchedule: "2026-07-09T09:00:00Z"), At("2026-07-09T10:00:30Z"));

        Assert.Null(decision.Start);
        Assert.Equal(TimeSpan.FromSeconds(3570) + TimeSpan.FromMilliseconds(100), decision.Requeue);
    }

    [Fact]
    public void WithinStartingDeadline_Starts()
    {
        var decision = ScheduleDecision.Decide(CronJob(deadline: 60, lastSchedule: "2026-07-09T09:00:00Z"), At("2026-07-09T10:00:30Z"));

        Assert.Equal(At("2026-07-09T10:00:00Z"), decision.Start);
    }

    [Fact]
    public void TimeZone_SchedulesOnThatWallClock_AndTheAnnotationCarriesItsOffset()
    {
        var cronJob = CronJob(schedule: "0 9 * * *", timeZone: "Europe/Paris", created: "2026-07-09T00:00:00Z");

        var decision = ScheduleDecision.Decide(cronJob, At("2026-07-09T07:00:10Z"));

        Assert.Equal(At("2026-07-09T07:00:00Z"), decision.Start);
        var job = CronJobJobs.Build(cronJob, decision.Start!.Value, decision.Zone);
        Assert.Equal("2026-07-09T09:00:00+02:00", job.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]);
    }

    [Fact]
    public void BuiltJob_IsControlledByTheCronJob_WithTheTemplatesLabels()
    {
        var cronJob = CronJob();
        cronJob.Spec.JobTemplate.Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "report" } };

        var job = CronJobJobs.Build(cronJob, At("2026-07-09T10:00:00Z"), TimeZoneInfo.Utc);

        Assert.Equal("hourly-29726520", job.Metadata.Name);
        Assert.Equal("report", job.Metadata.Labels["app"]);
        Assert.Equal("2026-07-09T10:00:00Z", job.Metadata.Annotations["batch.kubernetes.io/cronjob-scheduled-timestamp"]);
        var owner = Assert.Single(job.Metadata.OwnerReferences);
        Assert.Equal(("batch/v1", "CronJob", "hourly", "uid-1", true, true), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
    }

    [Fact]
    public void HistoryLimit_DeletesTheOldestFinishedJobsFirst()
    {
        static V1Job Finished(string name, string started) => new()
        {
            Metadata = new V1ObjectMeta { Name = name },
            Status = new V1JobStatus { StartTime = At(started).UtcDateTime },
        };
        var jobs = new[] { Finished("c", "2026-07-09T12:00:00Z"), Finished("a", "2026-07-09T10:00:00Z"), Finished("b", "2026-07-09T11:00:00Z") };

        Assert.Equal(["a", "b"], CronJobJobs.BeyondLimit(jobs, 1).Select(j => j.Metadata.Name));
        Assert.Empty(CronJobJobs.BeyondLimit(jobs, 3));
        Assert.Equal(["a", "b", "c"], CronJobJobs.BeyondLimit(jobs, 0).Select(j => j.Metadata.Name));
    }
}
