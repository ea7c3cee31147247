using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Cron;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.Controllers.CronJobs;

/// <summary>The result of mostRecentScheduleTime: where the search started, the latest due time, and how many were missed.</summary>
public sealed record ScheduleTimes(DateTimeOffset Earliest, DateTimeOffset? MostRecent, long Missed, string? Error)
{
    /// <summary>upstream's manyMissed: more than 100 missed times (a wrong clock, or the controller down for long).</summary>
    public bool ManyMissed => Missed > 100;

    /// <summary>
    /// pkg/controller/cronjob/utils.go mostRecentScheduleTime: the latest schedule time in (earliest, now], where earliest
    /// is the last schedule time (or the creation time) moved up to now - startingDeadlineSeconds when asked. The count
    /// of missed times is upstream's approximation from the first two intervals, and the walk starts one interval
    /// before the estimated last one, so a CronJob that missed a year of minutes costs two iterations, not half a million.
    /// </summary>
    public static ScheduleTimes Find(V1CronJob cronJob, DateTimeOffset now, CronSchedule schedule, bool includeStartingDeadline)
    {
        var earliest = KubeTime.Of(cronJob.Status?.LastScheduleTime) ?? KubeTime.Of(cronJob.Metadata.CreationTimestamp) ?? now;
        if (includeStartingDeadline && cronJob.Spec.StartingDeadlineSeconds is { } deadline)
        {
            var schedulingDeadline = now.AddSeconds(-deadline);
            if (schedulingDeadline > earliest)
            {
                earliest = schedulingDeadline;
            }
        }
        var t1 = schedule.Next(earliest);
        var t2 = t1 is { } first ? schedule.Next(first) : null;
        if (t1 is { } a && now < a)
        {
            return new(earliest, null, 0, null);
        }
        if (t2 is { } b && now < b)
        {
            return new(earliest, t1, 0, null);
        }
        // A spec with no time at all ("59 23 31 2 *") has no interval either.
        var between = t1 is { } x && t2 is { } y ? (long)Math.Round((y - x).TotalSeconds, MidpointRounding.AwayFromZero) : 0;
        if (between < 1)
        {
            return new(earliest, null, 0, "time difference between two schedules is less than 1 second");
        }
        var elapsed = (long)(now - t1!.Value).TotalSeconds;
        var missed = (elapsed / between) + 1;
        var potentialEarliest = t1.Value.AddSeconds((missed - 2) * between);
        DateTimeOffset? mostRecent = null;
        for (var t = schedule.Next(potentialEarliest); t is { } due && due <= now; t = schedule.Next(due))
        {
            mostRecent = due;
        }
        return new(earliest, mostRecent, missed, null);
    }

    /// <summary>nextScheduleTime: the unmet time to start a Job for now (startingDeadlineSeconds applied), or null.</summary>
    public static ScheduleTimes Unmet(V1CronJob cronJob, DateTimeOffset now, CronSchedule schedule)
    {
        var times = Find(cronJob, now, schedule, includeStartingDeadline: true);
        return times.MostRecent > now ? times with { MostRecent = null } : times;
    }

    /// <summary>
    /// nextScheduleTimeDuration: how long until the schedule time after the most recent one (or after earliest when none
    /// was missed, after now when some were or the schedule is broken), plus upstream's 100ms, so the sync lands after it.
    /// Null for a schedule with no next time within robfig/cron's five years.
    /// </summary>
    public static TimeSpan? UntilNext(V1CronJob cronJob, DateTimeOffset now, CronSchedule schedule)
    {
        var times = Find(cronJob, now, schedule, includeStartingDeadline: false);
        var from = times.Error is not null ? now : times.MostRecent ?? (times.Missed == 0 ? times.Earliest : now);
        return schedule.Next(from) is { } next ? next + TimeSpan.FromMilliseconds(100) - now : null;
    }
}
