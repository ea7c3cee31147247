using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// validateHorizontalPodAutoscalerSpec and the functions under it (pkg/apis/autoscaling/validation/validation.go, 1.32):
/// replica bounds, the target reference, each metric's source and target, and the scaling behavior.
/// </summary>
public static class HorizontalPodAutoscalerValidation
{
    /// <summary>MaxPeriodSeconds: the longest period a scaling policy may look back over.</summary>
    public const int MaxPeriodSeconds = 1800;

    /// <summary>MaxStabilizationWindowSeconds.</summary>
    public const int MaxStabilizationWindowSeconds = 3600;

    private static readonly string[] MetricTypes = ["ContainerResource", "External", "Object", "Pods", "Resource"];

    public static void ValidateSpec(V2HorizontalPodAutoscalerSpec spec, int minReplicasLowerBound, FieldErrors errors)
    {
        if (spec.MinReplicas is { } min && min < minReplicasLowerBound)
        {
            errors.Invalid("spec.minReplicas", min, $"must be greater than or equal to {minReplicasLowerBound}");
        }
        if (spec.MaxReplicas < 1)
        {
            errors.Invalid("spec.maxReplicas", spec.MaxReplicas, "must be greater than 0");
        }
        if (spec.MinReplicas is { } lower && spec.MaxReplicas < lower)
        {
            errors.Invalid("spec.maxReplicas", spec.MaxReplicas, "must be greater than or equal to `minReplicas`");
        }
        CrossVersionObjectReference(spec.ScaleTargetRef?.Kind, spec.ScaleTargetRef?.Name, "spec.scaleTargetRef", errors);
        Metrics(spec.Metrics, spec.MinReplicas, errors);
        if (spec.Behavior is { } behavior)
        {
            ScalingRules(behavior.ScaleUp, "spec.behavior.scaleUp", errors);
            ScalingRules(behavior.ScaleDown, "spec.behavior.scaleDown", errors);
        }
    }

    /// <summary>ValidateCrossVersionObjectReference: kind and name are required path segments; apiVersion is not checked in 1.32.</summary>
    private static void CrossVersionObjectReference(string? kind, string? name, string path, FieldErrors errors)
    {
        PathSegment(kind, $"{path}.kind", "", errors);
        PathSegment(name, $"{path}.name", "", errors);
    }

    private static void PathSegment(string? value, string path, string requiredDetail, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Required(path, requiredDetail);
            return;
        }
        // IsValidPathSegmentName: "." and ".." alone, else each of '/' and '%' it contains.
        if (value is "." or "..")
        {
            errors.Invalid(path, value, $"may not be '{value}'");
            return;
        }
        foreach (var c in "/%")
        {
            if (value.Contains(c, StringComparison.Ordinal))
            {
                errors.Invalid(path, value, $"may not contain '{c}'");
            }
        }
    }

    private static void Metrics(IList<V2MetricSpec>? metrics, int? minReplicas, FieldErrors errors)
    {
        var hasObjectOrExternal = false;
        for (var i = 0; i < (metrics?.Count ?? 0); i++)
        {
            var metric = metrics![i];
            hasObjectOrExternal |= metric.Type is "Object" or "External";
            MetricSpec(metric, $"spec.metrics[{i}]", errors);
        }
        if (minReplicas == 0 && !hasObjectOrExternal)
        {
            errors.Forbidden("spec.metrics", "must specify at least one Object or External metric to support scaling to zero replicas");
        }
    }

    private static void MetricSpec(V2MetricSpec spec, string path, FieldErrors errors)
    {
        var type = spec.Type ?? "";
        if (type.Length == 0)
        {
            errors.Required($"{path}.type", "must specify a metric source type");
        }
        if (!MetricTypes.Contains(type))
        {
            errors.NotSupported($"{path}.type", type, MetricTypes);
        }
        // Only the first source present is checked, in this order (object, external, pods, resource, containerResource).
        var present = new List<string>();
        if (spec.ObjectProperty is not null)
        {
            present.Add("object");
        }
        if (spec.External is not null)
        {
            present.Add("external");
        }
        if (spec.Pods is not null)
        {
            present.Add("pods");
        }
        if (spec.Resource is not null)
        {
            present.Add("resource");
        }
        if (spec.ContainerResource is not null)
        {
            present.Add("containerResource");
        }
        switch (present.FirstOrDefault())
        {
            case "object":
                ObjectSource(spec.ObjectProperty!, $"{path}.object", errors);
                break;
            case "external":
                ExternalSource(spec.External!, $"{path}.external", errors);
                break;
            case "pods":
                PodsSource(spec.Pods!, $"{path}.pods", errors);
                break;
            case "resource":
                ResourceSource(spec.Resource!.Name, null, spec.Resource.Target, $"{path}.resource", errors);
                break;
            case "containerResource":
                ResourceSource(spec.ContainerResource!.Name, spec.ContainerResource.Container ?? "", spec.ContainerResource.Target, $"{path}.containerResource", errors);
                break;
        }
        var expected = type switch
        {
            "Object" => "object",
            "Pods" => "pods",
            "Resource" => "resource",
            "External" => "external",
            "ContainerResource" => "containerResource",
            _ => null,
        };
        if (expected is null)
        {
            errors.NotSupported($"{path}.type", type, MetricTypes);
        }
        else if (!present.Contains(expected))
        {
            errors.Required($"{path}.{expected}", "must populate information for the given metric source");
        }
        // Only when more than one source is set (typesPresent.Len() != 1): a lone wrong source is already Required above.
        foreach (var other in present.Count > 1 ? present.Where(p => p != expected) : [])
        {
            errors.Forbidden($"{path}.{other}", "must populate the given metric source only");
        }
    }

    private static void ObjectSource(V2ObjectMetricSource src, string path, FieldErrors errors)
    {
        CrossVersionObjectReference(src.DescribedObject?.Kind, src.DescribedObject?.Name, $"{path}.describedObject", errors);
        MetricIdentifier(src.Metric, $"{path}.metric", errors);
        MetricTarget(src.Target, $"{path}.target", errors);
        if (src.Target?.Value is null && src.Target?.AverageValue is null)
        {
            errors.Required($"{path}.target.averageValue", "must set either a target value or averageValue");
        }
    }

    private static void ExternalSource(V2ExternalMetricSource src, string path, FieldErrors errors)
    {
        MetricIdentifier(src.Metric, $"{path}.metric", errors);
        MetricTarget(src.Target, $"{path}.target", errors);
        if (src.Target?.Value is null && src.Target?.AverageValue is null)
        {
            errors.Required($"{path}.target.averageValue", "must set either a target value for metric or a per-pod target");
        }
        if (src.Target?.Value is not null && src.Target.AverageValue is not null)
        {
            errors.Forbidden($"{path}.target.value", "may not set both a target value for metric and a per-pod target");
        }
    }

    private static void PodsSource(V2PodsMetricSource src, string path, FieldErrors errors)
    {
        MetricIdentifier(src.Metric, $"{path}.metric", errors);
        MetricTarget(src.Target, $"{path}.target", errors);
        if (src.Target?.AverageValue is null)
        {
            errors.Required($"{path}.target.averageValue", "must specify a positive target averageValue");
        }
    }

    /// <summary>validateResourceSource and validateContainerResourceSource (container is null for the former).</summary>
    private static void ResourceSource(string? name, string? container, V2MetricTarget? target, string path, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Required($"{path}.name", "must specify a resource name");
        }
        else if (container is not null)
        {
            ResourceNames.ValidateForContainer(name, $"{path}.name", errors);
        }
        if (container is { Length: 0 })
        {
            errors.Required($"{path}.container", "must specify a container");
        }
        else if (container is not null && ObjectMetaValidation.LabelNameError(container) is { } containerError)
        {
            errors.Invalid($"{path}.container", container, containerError);
        }
        MetricTarget(target, $"{path}.target", errors);
        if (target?.AverageUtilization is null && target?.AverageValue is null)
        {
            errors.Required($"{path}.target.averageUtilization", "must set either a target raw value or a target utilization");
        }
        if (target?.AverageUtilization is not null && target.AverageValue is not null)
        {
            errors.Forbidden($"{path}.target.averageValue", "may not set both a target raw value and a target utilization");
        }
    }

    private static void MetricIdentifier(V2MetricIdentifier? metric, string path, FieldErrors errors) =>
        PathSegment(metric?.Name, $"{path}.name", "must specify a metric name", errors);

    private static void MetricTarget(V2MetricTarget? target, string path, FieldErrors errors)
    {
        var type = target?.Type ?? "";
        if (type.Length == 0)
        {
            errors.Required($"{path}.type", "must specify a metric target type");
        }
        if (type is not ("Utilization" or "Value" or "AverageValue"))
        {
            errors.Invalid($"{path}.type", type, "must be either Utilization, Value, or AverageValue");
        }
        if (target?.Value is { } value && value.ToDecimal() <= 0)
        {
            errors.Invalid($"{path}.value", QuantityMath.Text(value), "must be positive");
        }
        if (target?.AverageValue is { } average && average.ToDecimal() <= 0)
        {
            errors.Invalid($"{path}.averageValue", QuantityMath.Text(average), "must be positive");
        }
        if (target?.AverageUtilization is { } utilization && utilization < 1)
        {
            errors.Invalid($"{path}.averageUtilization", utilization, "must be greater than 0");
        }
    }

    private static void ScalingRules(V2HPAScalingRules? rules, string path, FieldErrors errors)
    {
        if (rules is null)
        {
            return;
        }
        if (rules.StabilizationWindowSeconds is { } window)
        {
            if (window < 0)
            {
                errors.Invalid($"{path}.stabilizationWindowSeconds", window, "must be greater than or equal to zero");
            }
            if (window > MaxStabilizationWindowSeconds)
            {
                errors.Invalid($"{path}.stabilizationWindowSeconds", window, $"must be less than or equal to {MaxStabilizationWindowSeconds}");
            }
        }
        if (rules.SelectPolicy is { } select && select is not ("Max" or "Min" or "Disabled"))
        {
            errors.NotSupported($"{path}.selectPolicy", select, "Disabled", "Max", "Min");
        }
        if (rules.Policies is not { Count: > 0 })
        {
            errors.Required($"{path}.policies", "must specify at least one Policy");
            return;
        }
        for (var i = 0; i < rules.Policies.Count; i++)
        {
            var policy = rules.Policies[i];
            var at = $"{path}.policies[{i}]";
            if (policy.Type is not ("Pods" or "Percent"))
            {
                errors.NotSupported($"{at}.type", policy.Type ?? "", "Percent", "Pods");
            }
            if (policy.Value <= 0)
            {
                errors.Invalid($"{at}.value", policy.Value, "must be greater than zero");
            }
            if (policy.PeriodSeconds <= 0)
            {
                errors.Invalid($"{at}.periodSeconds", policy.PeriodSeconds, "must be greater than zero");
            }
            if (policy.PeriodSeconds > MaxPeriodSeconds)
            {
                errors.Invalid($"{at}.periodSeconds", policy.PeriodSeconds, $"must be less than or equal to {MaxPeriodSeconds}");
            }
        }
    }
}
