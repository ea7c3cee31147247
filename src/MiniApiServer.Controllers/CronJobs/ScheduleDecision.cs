using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Cron;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.Controllers.CronJobs;

/// <summary>
/// What syncCronJob (pkg/controller/cronjob/cronjob_controllerv2.go) decides once the active list is current: start a
/// Job for <see cref="Start"/> (deleting the active ones first when <see cref="ReplaceActive"/>), or nothing; when to
/// look again; and the event to record. Decided from the CronJob and the time alone.
/// </summary>
public sealed record ScheduleDecision(DateTimeOffset? Start, bool ReplaceActive, TimeSpan? Requeue, TimeZoneInfo Zone,
    string? EventType = null, string? Reason = null, string? Message = null)
{
    public static ScheduleDecision Decide(V1CronJob cronJob, DateTimeOffset now)
    {
        var spec = cronJob.Spec;
        var none = new ScheduleDecision(null, false, null, TimeZoneInfo.Utc);
        // A CronJob being deleted only gets its status brought up to date.
        if (cronJob.Metadata.DeletionTimestamp is not null)
        {
            return none;
        }
        // Without spec.timeZone upstream runs in kube-controller-manager's local zone, which is UTC in its image.
        var zone = CronTimeZones.Find(spec.TimeZone ?? "", out var zoneError);
        if (zone is null)
        {
            return none with { EventType = "Warning", Reason = "UnknownTimeZone", Message = $"invalid timeZone: \"{spec.TimeZone}\": {zoneError}" };
        }
        none = none with { Zone = zone };
        if (spec.Suspend == true)
        {
            return none;
        }
        CronSchedule schedule;
        try
        {
            schedule = CronParser.Parse(spec.Schedule, zone);
        }
        catch (FormatException ex)
        {
            return none with { EventType = "Warning", Reason = "UnparseableSchedule", Message = $"unparseable schedule: \"{spec.Schedule}\" : {ex.Message}" };
        }
        var unmet = ScheduleTimes.Unmet(cronJob, now, schedule);
        if (unmet.Error is not null)
        {
            return none with { EventType = "Warning", Reason = "InvalidSchedule", Message = $"invalid schedule: {spec.Schedule} : {unmet.Error}" };
        }
        var wait = none with { Requeue = ScheduleTimes.UntilNext(cronJob, now, schedule) };
        if (unmet.MostRecent is not { } scheduled)
        {
            return wait;
        }
        if (spec.StartingDeadlineSeconds is { } deadline && scheduled.AddSeconds(deadline) < now)
        {
            return wait with { EventType = "Warning", Reason = "MissSchedule", Message = $"Missed scheduled time to start a job: {Rfc1123Z(scheduled)}" };
        }
        var name = CronJobJobs.Name(cronJob.Metadata.Name, scheduled);
        var active = cronJob.Status?.Active ?? [];
        if (active.Any(a => a.Name == name && a.NamespaceProperty == cronJob.Metadata.NamespaceProperty)
            || KubeTime.Of(cronJob.Status?.LastScheduleTime) == scheduled)
        {
            return wait;
        }
        if (spec.ConcurrencyPolicy == "Forbid" && active.Count > 0)
        {
            // The active list may lag a Job that just started, so Forbid can still overlap when schedules are close (as upstream).
            return wait with { EventType = "Normal", Reason = "JobAlreadyActive", Message = "Not starting job because prior execution is running and concurrency policy is Forbid" };
        }
        var start = wait with { Start = scheduled, ReplaceActive = spec.ConcurrencyPolicy == "Replace" && active.Count > 0 };
        return unmet.ManyMissed
            ? start with { EventType = "Warning", Reason = "TooManyMissedTimes", Message = "too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew" }
            : start;
    }

    // Go's time.RFC1123Z of the UTC time.
    private static string Rfc1123Z(DateTimeOffset t) =>
        t.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", System.Globalization.CultureInfo.InvariantCulture);
}
