using System.Text.RegularExpressions;
using k8s.Models;
using MiniApiServer.Application.Cron;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/batch/cronjob/strategy.go, SetDefaults_CronJob (pkg/apis/batch/v1/defaults.go) and the CronJob part of
/// pkg/apis/batch/validation/validation.go (ValidateCronJobCreate/Update, validateCronJobSpec). The job template is
/// checked with the Job's own rules (<see cref="JobStrategy.ValidateSpec"/>) under spec.jobTemplate.spec.
/// </summary>
public sealed partial class CronJobStrategy(ResourceType type) : TypedStrategy<V1CronJob>(type)
{
    /// <summary>
    /// DNS1035LabelMaxLength (63) minus the controller's 11-character "-&lt;minutes since epoch&gt;" suffix: a longer
    /// name would make every Job the controller creates invalid.
    /// </summary>
    public const int MaxNameLength = 52;

    protected override void PrepareForCreate(V1CronJob cronJob, DateTimeOffset now)
    {
        Default(cronJob);
        cronJob.Status = new V1CronJobStatus();
        cronJob.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1CronJob cronJob, V1CronJob old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(cronJob);
        cronJob.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!Semantic.DeepEqual(cronJob.Spec, old.Spec))
        {
            cronJob.Metadata.Generation++;
        }
    }

    protected override void Validate(V1CronJob cronJob, FieldErrors errors)
    {
        ValidateSpec(cronJob.Spec, null, errors);
        if ((cronJob.Metadata.Name?.Length ?? 0) > MaxNameLength)
        {
            errors.Invalid("metadata.name", cronJob.Metadata.Name, $"must be no more than {MaxNameLength} characters");
        }
    }

    // Upstream skips the name length on update, so a CronJob stored before the rule can still be changed or deleted.
    protected override void ValidateUpdate(V1CronJob cronJob, V1CronJob old, FieldErrors errors) =>
        ValidateSpec(cronJob.Spec, old.Spec, errors);

    /// <summary>cronJobStatusStrategy checks nothing of a status write.</summary>
    protected override void ValidateStatusUpdate(V1CronJob cronJob, V1CronJob old, FieldErrors errors)
    {
    }

    private static void ValidateSpec(V1CronJobSpec? spec, V1CronJobSpec? old, FieldErrors errors)
    {
        if (spec is null)
        {
            errors.Required("spec");
            return;
        }
        if (string.IsNullOrEmpty(spec.Schedule))
        {
            errors.Required("spec.schedule");
        }
        else
        {
            ValidateSchedule(spec.Schedule, old?.Schedule.Contains("TZ", StringComparison.Ordinal) == true, spec.TimeZone, errors);
        }
        if (spec.StartingDeadlineSeconds < 0)
        {
            errors.Invalid("spec.startingDeadlineSeconds", spec.StartingDeadlineSeconds, "must be greater than or equal to 0");
        }
        if (old is null || old.TimeZone != spec.TimeZone)
        {
            ValidateTimeZone(spec.TimeZone, errors);
        }
        switch (spec.ConcurrencyPolicy)
        {
            case "Allow" or "Forbid" or "Replace":
                break;
            case null or "":
                errors.Required("spec.concurrencyPolicy");
                break;
            default:
                errors.NotSupported("spec.concurrencyPolicy", spec.ConcurrencyPolicy, "Allow", "Forbid", "Replace");
                break;
        }
        ValidateJobTemplate(spec.JobTemplate, errors);
        if (spec.SuccessfulJobsHistoryLimit < 0)
        {
            errors.Invalid("spec.successfulJobsHistoryLimit", spec.SuccessfulJobsHistoryLimit, "must be greater than or equal to 0");
        }
        if (spec.FailedJobsHistoryLimit < 0)
        {
            errors.Invalid("spec.failedJobsHistoryLimit", spec.FailedJobsHistoryLimit, "must be greater than or equal to 0");
        }
    }

    /// <summary>
    /// validateScheduleFormat: robfig/cron's own error, and TZ= or CRON_TZ= refused unless the stored schedule already
    /// had it (CronJobs from before the timeZone field stay updatable).
    /// </summary>
    private static void ValidateSchedule(string schedule, bool allowTzInSchedule, string? timeZone, FieldErrors errors)
    {
        try
        {
            CronParser.Parse(schedule);
        }
        catch (FormatException ex)
        {
            errors.Invalid("spec.schedule", schedule, ex.Message);
        }
        var hasTz = schedule.Contains("TZ", StringComparison.Ordinal);
        if (allowTzInSchedule && hasTz && timeZone is not null)
        {
            errors.Invalid("spec.schedule", schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
        }
        else if (!allowTzInSchedule && hasTz)
        {
            errors.Invalid("spec.schedule", schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
        }
    }

    /// <summary>validateTimeZone: the tz database's naming rules, never "Local", and a zone the system knows.</summary>
    private static void ValidateTimeZone(string? timeZone, FieldErrors errors)
    {
        if (timeZone is null)
        {
            return;
        }
        if (timeZone.Length == 0)
        {
            errors.Invalid("spec.timeZone", timeZone, "timeZone must be nil or non-empty string");
            return;
        }
        foreach (var part in timeZone.Split('/'))
        {
            if (part is "." or ".." || part.StartsWith('-') || !TimeZonePart().IsMatch(part))
            {
                errors.Invalid("spec.timeZone", timeZone, $"unknown time zone {timeZone}");
                return;
            }
        }
        if (string.Equals(timeZone, "Local", StringComparison.OrdinalIgnoreCase))
        {
            errors.Invalid("spec.timeZone", timeZone, "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
        }
        if (CronTimeZones.Find(timeZone, out var error) is null)
        {
            errors.Invalid("spec.timeZone", timeZone, error!);
        }
    }

    /// <summary>ValidateJobTemplateSpec: the Job rules, and no selector (the controller's Job generates its own).</summary>
    private static void ValidateJobTemplate(V1JobTemplateSpec? template, FieldErrors errors)
    {
        var spec = template?.Spec ?? new V1JobSpec();
        var jobErrors = new FieldErrors();
        JobStrategy.ValidateSpec(spec, jobErrors);
        errors.AddRebased(jobErrors, "spec.", "spec.jobTemplate.spec.");
        if (spec.Selector is not null)
        {
            errors.Invalid("spec.jobTemplate.spec.selector", GoSyntax.LabelSelector(spec.Selector), "`selector` will be auto-generated");
        }
        if (spec.ManualSelector == true)
        {
            errors.NotSupported("spec.jobTemplate.spec.manualSelector", true, "nil", "false");
        }
    }

    /// <summary>SetDefaults_CronJob, and the pod defaults of the template (the job spec's own fields stay unset).</summary>
    private static void Default(V1CronJob cronJob)
    {
        var spec = cronJob.Spec ??= new V1CronJobSpec();
        if (string.IsNullOrEmpty(spec.ConcurrencyPolicy))
        {
            spec.ConcurrencyPolicy = "Allow";
        }
        spec.Suspend ??= false;
        spec.SuccessfulJobsHistoryLimit ??= 3;
        spec.FailedJobsHistoryLimit ??= 1;
        if (spec.JobTemplate?.Spec?.Template?.Spec is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
    }

    // 0-9 and + are tolerated upstream for legacy names (Etc/GMT+5).
    [GeneratedRegex(@"^[A-Za-z\.\-_0-9+]{1,14}$")]
    private static partial Regex TimeZonePart();
}
