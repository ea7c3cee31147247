using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/policy/poddisruptionbudget/strategy.go with pkg/apis/policy/validation: a new budget starts with an
/// empty status at generation 1, a spec change bumps the generation (the disruption controller's observedGeneration
/// and the eviction handler's "still being processed" check follow it), and status writes keep the spec.
/// </summary>
public sealed class PodDisruptionBudgetStrategy(ResourceType type) : TypedStrategy<V1PodDisruptionBudget>(type)
{
    // ValidatePodDisruptionBudget (pkg/apis/policy/validation) checks the spec only.
    public override bool CreateValidationChecksObjectMeta => false;

    public const string IfHealthyBudget = "IfHealthyBudget";
    public const string AlwaysAllow = "AlwaysAllow";

    protected override void PrepareForCreate(V1PodDisruptionBudget pdb, DateTimeOffset now)
    {
        pdb.Status = new V1PodDisruptionBudgetStatus();
        pdb.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1PodDisruptionBudget pdb, V1PodDisruptionBudget old, bool statusOnly)
    {
        pdb.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!statusOnly && !Semantic.DeepEqual(pdb.Spec, old.Spec))
        {
            pdb.Metadata.Generation++;
        }
    }

    protected override void Validate(V1PodDisruptionBudget pdb, FieldErrors errors)
    {
        var spec = pdb.Spec ?? new V1PodDisruptionBudgetSpec();
        if (spec.MinAvailable is not null && spec.MaxUnavailable is not null)
        {
            errors.Invalid("spec", Json(spec), "minAvailable and maxUnavailable cannot be both set");
        }
        if (spec.MinAvailable is not null)
        {
            IntOrPercent.ValidatePositive(spec.MinAvailable, "spec.minAvailable", errors);
            IntOrPercent.NotMoreThan100Percent(spec.MinAvailable, "spec.minAvailable", errors);
        }
        if (spec.MaxUnavailable is not null)
        {
            IntOrPercent.ValidatePositive(spec.MaxUnavailable, "spec.maxUnavailable", errors);
            IntOrPercent.NotMoreThan100Percent(spec.MaxUnavailable, "spec.maxUnavailable", errors);
        }
        LabelSelectorValidation.Validate(spec.Selector, "spec.selector", errors);
        if (spec.UnhealthyPodEvictionPolicy is { } policy && policy is not (IfHealthyBudget or AlwaysAllow))
        {
            errors.NotSupported("spec.unhealthyPodEvictionPolicy", policy, AlwaysAllow, IfHealthyBudget);
        }
    }

    /// <summary>
    /// ValidatePodDisruptionBudgetStatusUpdate (policy/v1): the conditions are metav1 conditions, the counts are never
    /// negative, and the spec, the stored one by now, is not checked again, so a budget stored before a spec rule existed
    /// still takes the disruption controller's writes.
    /// </summary>
    protected override void ValidateStatusUpdate(V1PodDisruptionBudget pdb, V1PodDisruptionBudget old, FieldErrors errors)
    {
        var status = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        ConditionValidation.Validate(status.Conditions, "status.conditions", errors);
        foreach (var (field, value) in new[] { ("disruptionsAllowed", status.DisruptionsAllowed), ("currentHealthy", status.CurrentHealthy),
            ("desiredHealthy", status.DesiredHealthy), ("expectedPods", status.ExpectedPods) })
        {
            if (value < 0)
            {
                errors.Invalid($"status.{field}", value, "must be greater than or equal to 0");
            }
        }
    }

    private static string Json(object? o) => o is null ? "null" : JsonSerializer.Serialize(o, o.GetType(), ModelCodec.Options);
}
