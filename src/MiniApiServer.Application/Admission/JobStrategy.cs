using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/batch/job/strategy.go, pkg/apis/batch/v1/defaults.go and the Job part of
/// pkg/apis/batch/validation/validation.go. Unless spec.manualSelector is true the selector is generated from
/// the Job's uid, so a Job's pods can never be claimed by another Job.
/// </summary>
public sealed class JobStrategy(ResourceType type) : TypedStrategy<V1Job>(type)
{
    public const string ControllerUidLabel = "batch.kubernetes.io/controller-uid";
    public const string JobNameLabel = "batch.kubernetes.io/job-name";
    public const string LegacyControllerUidLabel = "controller-uid";
    public const string LegacyJobNameLabel = "job-name";
    private const int MaxParallelismForIndexedJob = 100_000;
    private const int CompletionsSoftLimitForIndexedJob = 100_000;
    private const int MaxFailedIndexesForIndexedJob = 100_000;

    protected override void PrepareForCreate(V1Job job, DateTimeOffset now)
    {
        Default(job);
        job.Status = new V1JobStatus();
        job.Metadata.Generation = 1;
        // The selector names the uid, which rest.FillObjectMetaSystemFields sets before PrepareForCreate: a Job without
        // one is only being defaulted for mutating webhooks, which upstream calls before either and so see no selector.
        if (job.Spec.ManualSelector != true && !string.IsNullOrEmpty(job.Metadata.Uid))
        {
            GenerateSelector(job);
        }
    }

    protected override void PrepareForUpdate(V1Job job, V1Job old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(job);
        job.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (Json(job.Spec) != Json(old.Spec))
        {
            job.Metadata.Generation++;
        }
    }

    protected override void Validate(V1Job job, FieldErrors errors)
    {
        if (job.Spec is null)
        {
            errors.Required("spec");
            return;
        }
        ValidateSpec(job.Spec, errors);
        ValidateSelector(job.Spec, errors);
    }

    /// <summary>
    /// validateJobSpec: every rule but the selector's, which ValidateJobSpec adds for a Job and a CronJob's job
    /// template replaces with its own (the selector is generated when the Job is made). Paths are under "spec.".
    /// </summary>
    public static void ValidateSpec(V1JobSpec spec, FieldErrors errors)
    {
        // validateJobSpec's order: the counts, then the per-index limits, then the completion mode's own rules.
        NonNegative(spec.Parallelism, "spec.parallelism", errors);
        NonNegative(spec.Completions, "spec.completions", errors);
        NonNegative(spec.ActiveDeadlineSeconds, "spec.activeDeadlineSeconds", errors);
        NonNegative(spec.BackoffLimit, "spec.backoffLimit", errors);
        NonNegative(spec.TtlSecondsAfterFinished, "spec.ttlSecondsAfterFinished", errors);
        NonNegative(spec.BackoffLimitPerIndex, "spec.backoffLimitPerIndex", errors);
        if (spec.MaxFailedIndexes is not null)
        {
            NonNegative(spec.MaxFailedIndexes, "spec.maxFailedIndexes", errors);
            if (spec.BackoffLimitPerIndex is null)
            {
                errors.Required("spec.backoffLimitPerIndex", "when maxFailedIndexes is specified");
            }
        }
        // Unset (NonIndexed) only in a CronJob's job template: a Job's is defaulted before validation.
        if (spec.CompletionMode is not (null or "NonIndexed" or "Indexed"))
        {
            errors.NotSupported("spec.completionMode", spec.CompletionMode, "NonIndexed", "Indexed");
        }
        else if (spec.CompletionMode == "Indexed")
        {
            ValidateIndexed(spec, errors);
        }
        else
        {
            if (spec.BackoffLimitPerIndex is { } perIndex)
            {
                errors.Invalid("spec.backoffLimitPerIndex", perIndex, "requires indexed completion mode");
            }
            if (spec.MaxFailedIndexes is { } maxFailed)
            {
                errors.Invalid("spec.maxFailedIndexes", maxFailed, "requires indexed completion mode");
            }
        }
        ValidatePodReplacementPolicy(spec, errors);
        PodTemplateValidation.ValidateTemplateMetadata(spec.Template, errors);
        if (spec.Template?.Spec is { } podSpec)
        {
            PodTemplateValidation.ValidateTemplateSpec(podSpec, errors);
            // Defaulting made an omitted policy Always, so both read as not chosen.
            if (podSpec.RestartPolicy is null or "" or "Always")
            {
                errors.Required("spec.template.spec.restartPolicy", "valid values: \"OnFailure\", \"Never\"");
            }
            else if (podSpec.RestartPolicy is not ("OnFailure" or "Never"))
            {
                errors.NotSupported("spec.template.spec.restartPolicy", podSpec.RestartPolicy, "OnFailure", "Never");
            }
        }
        else
        {
            errors.Required("spec.template.spec.containers");
        }
    }

    /// <summary>validateJobSpec for an Indexed Job: completions required, bounded parallelism and failed indexes.</summary>
    private static void ValidateIndexed(V1JobSpec spec, FieldErrors errors)
    {
        if (spec.Completions is null)
        {
            errors.Required("spec.completions", "when completion mode is Indexed");
        }
        if (spec.Parallelism is > MaxParallelismForIndexedJob)
        {
            errors.Invalid("spec.parallelism", spec.Parallelism, $"must be less than or equal to {MaxParallelismForIndexedJob} when completion mode is Indexed");
        }
        if (spec.Completions is { } completions && spec.MaxFailedIndexes is { } maxFailed && maxFailed > completions)
        {
            errors.Invalid("spec.maxFailedIndexes", maxFailed, "must be less than or equal to completions");
        }
        if (spec.MaxFailedIndexes is > MaxFailedIndexesForIndexedJob)
        {
            errors.Invalid("spec.maxFailedIndexes", spec.MaxFailedIndexes, $"must be less than or equal to {MaxFailedIndexesForIndexedJob}");
        }
        if (spec.Completions is > CompletionsSoftLimitForIndexedJob && spec.BackoffLimitPerIndex is not null && spec.MaxFailedIndexes is null)
        {
            errors.Required("spec.maxFailedIndexes", $"must be specified when completions is above {CompletionsSoftLimitForIndexedJob}");
        }
    }

    /// <summary>validatePodReplacementPolicy: with a pod failure policy only Failed.</summary>
    private static void ValidatePodReplacementPolicy(V1JobSpec spec, FieldErrors errors)
    {
        if (spec.PodReplacementPolicy is not { } policy)
        {
            return;
        }
        if (spec.PodFailurePolicy is not null)
        {
            if (policy != "Failed")
            {
                errors.NotSupported("spec.podReplacementPolicy", policy, "Failed");
            }
        }
        else if (policy is not ("Failed" or "TerminatingOrFailed"))
        {
            errors.NotSupported("spec.podReplacementPolicy", policy, "Failed", "TerminatingOrFailed");
        }
    }

    /// <summary>
    /// A status write checks no spec rule (upstream's ValidateJobUpdateStatus checks metadata and status): an object stored
    /// before a spec rule existed must still take its controller's status writes, or it could never finish.
    /// </summary>
    protected override void ValidateStatusUpdate(V1Job job, V1Job old, FieldErrors errors)
    {
    }

    protected override void ValidateUpdate(V1Job job, V1Job old, FieldErrors errors)
    {
        Validate(job, errors);
        if (job.Spec is null || old.Spec is null)
        {
            return;
        }
        if (Json(job.Spec.Selector) != Json(old.Spec.Selector))
        {
            errors.Immutable("spec.selector", GoSyntax.LabelSelector(job.Spec.Selector));
        }
        if (Json(job.Spec.Template) != Json(old.Spec.Template))
        {
            errors.Immutable("spec.template", "core.PodTemplateSpec{...}");
        }
        if (job.Spec.Completions != old.Spec.Completions)
        {
            errors.Immutable("spec.completions", job.Spec.Completions);
        }
        if (job.Spec.CompletionMode != old.Spec.CompletionMode)
        {
            errors.Immutable("spec.completionMode", job.Spec.CompletionMode);
        }
    }

    private static void ValidateSelector(V1JobSpec spec, FieldErrors errors)
    {
        if (spec.Selector is null)
        {
            errors.Required("spec.selector");
            return;
        }
        LabelSelector selector;
        try
        {
            selector = LabelSelector.FromModel(spec.Selector);
        }
        catch (FormatException ex)
        {
            errors.Invalid("spec.selector", spec.Selector.ToString(), ex.Message);
            return;
        }
        var labels = spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        if (!selector.Matches(labels.AsReadOnly()))
        {
            errors.Invalid("spec.template.metadata.labels", spec.Template?.Metadata?.Labels is null ? new GoSyntax("map[string]string(nil)") : GoSyntax.Map(labels),
                "`selector` does not match template `labels`");
        }
    }

    private static void NonNegative(long? value, string path, FieldErrors errors)
    {
        if (value < 0)
        {
            errors.Invalid(path, value, "must be greater than or equal to 0");
        }
    }

    /// <summary>SetDefaults_Job: a Job with neither completions nor parallelism runs one pod to one completion.</summary>
    private static void Default(V1Job job)
    {
        var spec = job.Spec ??= new V1JobSpec();
        if (spec.Completions is null && spec.Parallelism is null)
        {
            spec.Completions = 1;
        }
        spec.Parallelism ??= 1;
        spec.BackoffLimit ??= spec.BackoffLimitPerIndex is null ? 6 : int.MaxValue;
        spec.CompletionMode ??= "NonIndexed";
        spec.Suspend ??= false;
        spec.ManualSelector ??= false;
        spec.PodReplacementPolicy ??= spec.PodFailurePolicy is null ? "TerminatingOrFailed" : "Failed";
        var templateLabels = spec.Template?.Metadata?.Labels;
        if (templateLabels is { Count: > 0 } && (job.Metadata.Labels?.Count ?? 0) == 0)
        {
            job.Metadata.Labels = new Dictionary<string, string>(templateLabels);
        }
        if (spec.Template?.Spec is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
    }

    /// <summary>generateSelector: labels set by the user are kept (a conflict then fails validation).</summary>
    private static void GenerateSelector(V1Job job)
    {
        var template = job.Spec.Template ??= new V1PodTemplateSpec();
        var metadata = template.Metadata ??= new V1ObjectMeta();
        var labels = metadata.Labels ??= new Dictionary<string, string>();
        foreach (var key in new[] { LegacyJobNameLabel, JobNameLabel })
        {
            labels.TryAdd(key, job.Metadata.Name ?? "");
        }
        foreach (var key in new[] { LegacyControllerUidLabel, ControllerUidLabel })
        {
            labels.TryAdd(key, job.Metadata.Uid ?? "");
        }
        var selector = job.Spec.Selector ??= new V1LabelSelector();
        selector.MatchLabels ??= new Dictionary<string, string>();
        selector.MatchLabels.TryAdd(ControllerUidLabel, job.Metadata.Uid ?? "");
    }

    private static string Json(object? o) => o is null ? "null" : JsonSerializer.Serialize(o, o.GetType(), ModelCodec.Options);
}
