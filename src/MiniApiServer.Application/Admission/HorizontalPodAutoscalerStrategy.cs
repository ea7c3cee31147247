using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/autoscaling/horizontalpodautoscaler/strategy.go with SetDefaults_HorizontalPodAutoscaler
/// (pkg/apis/autoscaling/v2/defaults.go) and ValidateHorizontalPodAutoscaler (pkg/apis/autoscaling/validation): status
/// starts empty and only the status subresource writes it; no generation (1.32 has none for HPAs).
/// </summary>
public sealed class HorizontalPodAutoscalerStrategy(ResourceType type) : TypedStrategy<V2HorizontalPodAutoscaler>(type)
{
    /// <summary>autoscaling.DefaultCPUUtilization, the metric of an HPA that names none.</summary>
    public const int DefaultCpuUtilization = 80;

    protected override void PrepareForCreate(V2HorizontalPodAutoscaler hpa, DateTimeOffset now)
    {
        DropRoundTripAnnotations(hpa);
        Default(hpa);
        hpa.Status = new V2HorizontalPodAutoscalerStatus();
    }

    protected override void PrepareForUpdate(V2HorizontalPodAutoscaler hpa, V2HorizontalPodAutoscaler old, bool statusOnly)
    {
        if (!statusOnly)
        {
            DropRoundTripAnnotations(hpa);
            Default(hpa);
        }
    }

    /// <summary>
    /// DropRoundTripHorizontalPodAutoscalerAnnotations, which v2's conversion applies: the annotations carry v2 fields
    /// through autoscaling/v1 only, and a v2 object never keeps them.
    /// </summary>
    private static void DropRoundTripAnnotations(V2HorizontalPodAutoscaler hpa)
    {
        if (hpa.Metadata?.Annotations is not { } annotations)
        {
            return;
        }
        foreach (var name in Kinds.HorizontalPodAutoscalerV1Conversion.RoundTripAnnotations)
        {
            annotations.Remove(name);
        }
        if (annotations.Count == 0)
        {
            hpa.Metadata.Annotations = null;
        }
    }

    protected override void Validate(V2HorizontalPodAutoscaler hpa, FieldErrors errors) =>
        HorizontalPodAutoscalerValidation.ValidateSpec(hpa.Spec ?? new V2HorizontalPodAutoscalerSpec(), minReplicasLowerBound: 1, errors);

    // validationOptionsForHorizontalPodAutoscaler: an HPA already stored with minReplicas 0 (the HPAScaleToZero gate was
    // on once) keeps validating with 0 as the bound.
    protected override void ValidateUpdate(V2HorizontalPodAutoscaler hpa, V2HorizontalPodAutoscaler old, FieldErrors errors) =>
        HorizontalPodAutoscalerValidation.ValidateSpec(hpa.Spec ?? new V2HorizontalPodAutoscalerSpec(), old.Spec?.MinReplicas == 0 ? 0 : 1, errors);

    protected override void ValidateStatusUpdate(V2HorizontalPodAutoscaler hpa, V2HorizontalPodAutoscaler old, FieldErrors errors)
    {
        var status = hpa.Status ?? new V2HorizontalPodAutoscalerStatus();
        if (status.CurrentReplicas < 0)
        {
            errors.Invalid("status.currentReplicas", status.CurrentReplicas, "must be greater than or equal to 0");
        }
        if (status.DesiredReplicas < 0)
        {
            errors.Invalid("status.desiredReplicas", status.DesiredReplicas, "must be greater than or equal to 0");
        }
    }

    /// <summary>SetDefaults_HorizontalPodAutoscaler: minReplicas 1, cpu at 80% when no metric is named, and a behavior's unset rules.</summary>
    public static void Default(V2HorizontalPodAutoscaler hpa)
    {
        var spec = hpa.Spec ??= new V2HorizontalPodAutoscalerSpec();
        spec.MinReplicas ??= 1;
        if (spec.Metrics is not { Count: > 0 })
        {
            spec.Metrics = [CpuUtilization(DefaultCpuUtilization)];
        }
        // Only a behavior that is present is completed: an HPA without one scales by the controller's older rules.
        if (spec.Behavior is { } behavior)
        {
            behavior.ScaleUp = Completed(behavior.ScaleUp, ScaleUpDefaults());
            behavior.ScaleDown = Completed(behavior.ScaleDown, ScaleDownDefaults());
        }
    }

    public static V2MetricSpec CpuUtilization(int percent) => new()
    {
        Type = "Resource",
        Resource = new V2ResourceMetricSource { Name = "cpu", Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = percent } },
    };

    // GenerateHPAScaleUpRules: 4 pods or 100% per 15 s, whichever is more, and no stabilization window.
    private static V2HPAScalingRules ScaleUpDefaults() => new()
    {
        StabilizationWindowSeconds = 0,
        SelectPolicy = "Max",
        Policies =
        [
            new V2HPAScalingPolicy { Type = "Pods", Value = 4, PeriodSeconds = 15 },
            new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 },
        ],
    };

    // GenerateHPAScaleDownRules: 100% per 15 s; the window stays unset, for the controller's 5-minute flag to fill.
    private static V2HPAScalingRules ScaleDownDefaults() => new()
    {
        SelectPolicy = "Max",
        Policies = [new V2HPAScalingPolicy { Type = "Percent", Value = 100, PeriodSeconds = 15 }],
    };

    /// <summary>copyHPAScalingRules: each field the user set replaces the default's.</summary>
    private static V2HPAScalingRules Completed(V2HPAScalingRules? given, V2HPAScalingRules defaults)
    {
        if (given is null)
        {
            return defaults;
        }
        defaults.SelectPolicy = given.SelectPolicy ?? defaults.SelectPolicy;
        defaults.StabilizationWindowSeconds = given.StabilizationWindowSeconds ?? defaults.StabilizationWindowSeconds;
        defaults.Policies = given.Policies ?? defaults.Policies;
        return defaults;
    }
}
