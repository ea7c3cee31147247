using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Controllers.Nodes;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.CronJobs;

/// <summary>The Jobs a CronJob makes and reads (pkg/controller/cronjob/utils.go helpers).</summary>
public static class CronJobJobs
{
    public const string ScheduledTimestampAnnotation = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /// <summary>
    /// getJobName: the scheduled time in minutes since the epoch, so the name is the same for the same scheduled time
    /// on every attempt and a second create of it fails with AlreadyExists instead of starting the Job twice.
    /// </summary>
    public static string Name(string cronJob, DateTimeOffset scheduled) =>
        $"{cronJob}-{(scheduled.ToUnixTimeSeconds() / 60).ToString(CultureInfo.InvariantCulture)}";

    /// <summary>getJobFromTemplate2: the template's labels, annotations and spec, the scheduled time, and the CronJob as controller.</summary>
    public static V1Job Build(V1CronJob cronJob, DateTimeOffset scheduled, TimeZoneInfo zone)
    {
        var template = ModelCopy.Of(cronJob.Spec.JobTemplate);
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>());
        var local = TimeZoneInfo.ConvertTime(scheduled, zone);
        annotations[ScheduledTimestampAnnotation] = Rfc3339(local);
        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = Name(cronJob.Metadata.Name, scheduled),
                NamespaceProperty = cronJob.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                Annotations = annotations,
                OwnerReferences =
                [ControllerRefs.New(cronJob.Metadata, "batch/v1", "CronJob")],
            },
            Spec = template.Spec,
        };
    }

    /// <summary>Go's time.RFC3339 of a wall clock: "Z" for UTC, else the offset ("2026-03-08T03:00:00-04:00").</summary>
    public static string Rfc3339(DateTimeOffset local) =>
        local.Offset == TimeSpan.Zero
            ? local.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    public static V1OwnerReference? ControllerRef(V1ObjectMeta meta) => meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    /// <summary>getFinishedStatus: the type of the Job's true Complete or Failed condition, or null while it runs.</summary>
    public static string? FinishedStatus(V1Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type is "Complete" or "Failed" && c.Status == "True")?.Type;

    /// <summary>byJobStartTime: started Jobs oldest first, then those not started; ties by name.</summary>
    public static IEnumerable<V1Job> OldestFirst(IEnumerable<V1Job> jobs) =>
        jobs.OrderBy(j => j.Status?.StartTime is null).ThenBy(j => KubeTime.Of(j.Status?.StartTime)).ThenBy(j => j.Metadata.Name, StringComparer.Ordinal);

    /// <summary>removeOldestJobs: the finished Jobs beyond a history limit, oldest first.</summary>
    public static IEnumerable<V1Job> BeyondLimit(IEnumerable<V1Job> finished, int? limit) =>
        limit is { } max ? OldestFirst(finished).SkipLast(Math.Max(0, max)).ToList() : [];

    /// <summary>deleteFromActiveList.</summary>
    public static void Forget(V1CronJobStatus status, string uid) =>
        status.Active = status.Active?.Where(a => a.Uid != uid).ToList();

    public static V1ObjectReference Reference(V1Job job) => new()
    {
        ApiVersion = "batch/v1",
        Kind = "Job",
        NamespaceProperty = job.Metadata.NamespaceProperty,
        Name = job.Metadata.Name,
        Uid = job.Metadata.Uid,
        ResourceVersion = job.Metadata.ResourceVersion,
    };
}
