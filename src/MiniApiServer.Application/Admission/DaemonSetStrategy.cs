using System.Globalization;
using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/apps/daemonset/strategy.go, pkg/apis/apps/v1/defaults.go and the DaemonSet part of
/// pkg/apis/apps/validation/validation.go. apps/v1 exposes the internal templateGeneration as the
/// annotation deprecated.daemonset.template.generation.
/// </summary>
public sealed class DaemonSetStrategy(ResourceType type) : TypedStrategy<V1DaemonSet>(type)
{
    public const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    protected override void PrepareForCreate(V1DaemonSet ds, DateTimeOffset now)
    {
        Default(ds);
        ds.Status = new V1DaemonSetStatus();
        ds.Metadata.Generation = 1;
        ds.Metadata.Annotations ??= new Dictionary<string, string>();
        ds.Metadata.Annotations[TemplateGenerationAnnotation] = "1";
    }

    protected override void PrepareForUpdate(V1DaemonSet ds, V1DaemonSet old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(ds);
        var templateGeneration = TemplateGeneration(old);
        ds.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!Semantic.DeepEqual(ds.Spec.Template, old.Spec.Template))
        {
            templateGeneration++;
            ds.Metadata.Generation++;
        }
        else if (!Semantic.DeepEqual(ds.Spec, old.Spec))
        {
            ds.Metadata.Generation++;
        }
        ds.Metadata.Annotations ??= new Dictionary<string, string>();
        ds.Metadata.Annotations[TemplateGenerationAnnotation] = templateGeneration.ToString(CultureInfo.InvariantCulture);
    }

    protected override void Validate(V1DaemonSet ds, FieldErrors errors)
    {
        var spec = ds.Spec;
        if (spec is null)
        {
            errors.Required("spec");
            return;
        }
        var templateLabels = spec.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        if (spec.Selector is { } sel && (sel.MatchLabels?.Count ?? 0) == 0 && (sel.MatchExpressions?.Count ?? 0) == 0)
        {
            errors.Invalid("spec.selector", "{}", "empty selector is invalid for daemonset");
        }
        else
        {
            LabelSelector selector;
            try
            {
                selector = LabelSelector.FromModel(spec.Selector);
            }
            catch (FormatException ex)
            {
                errors.Invalid("spec.selector", spec.Selector?.ToString(), ex.Message);
                selector = LabelSelector.Nothing;
            }
            if (!selector.Matches(templateLabels.AsReadOnly()))
            {
                errors.Invalid("spec.template.metadata.labels", GoSyntax.Map(templateLabels), "`selector` does not match template `labels`");
            }
        }
        PodTemplateValidation.ValidateRestartingTemplate(spec.Template, "DaemonSet", errors);
        if (spec.MinReadySeconds < 0)
        {
            errors.Invalid("spec.minReadySeconds", spec.MinReadySeconds, "must be greater than or equal to 0");
        }
        if (spec.RevisionHistoryLimit < 0)
        {
            errors.Invalid("spec.revisionHistoryLimit", spec.RevisionHistoryLimit, "must be greater than or equal to 0");
        }
        ValidateUpdateStrategy(spec.UpdateStrategy, errors);
    }

    protected override void ValidateUpdate(V1DaemonSet ds, V1DaemonSet old, FieldErrors errors)
    {
        Validate(ds, errors);
        if (!Semantic.DeepEqual(ds.Spec?.Selector, old.Spec?.Selector))
        {
            errors.Immutable("spec.selector", GoSyntax.LabelSelector(ds.Spec?.Selector));
        }
    }

    /// <summary>ValidateDaemonSetStatusUpdate: the status alone, as for a Deployment (the spec is the stored one).</summary>
    protected override void ValidateStatusUpdate(V1DaemonSet ds, V1DaemonSet old, FieldErrors errors)
    {
        var status = ds.Status ?? new V1DaemonSetStatus();
        PodTemplateValidation.NonNegative("status.currentNumberScheduled", status.CurrentNumberScheduled, errors);
        PodTemplateValidation.NonNegative("status.numberMisscheduled", status.NumberMisscheduled, errors);
        PodTemplateValidation.NonNegative("status.desiredNumberScheduled", status.DesiredNumberScheduled, errors);
        PodTemplateValidation.NonNegative("status.numberReady", status.NumberReady, errors);
        PodTemplateValidation.NonNegative("status.observedGeneration", status.ObservedGeneration, errors);
        PodTemplateValidation.NonNegative("status.updatedNumberScheduled", status.UpdatedNumberScheduled, errors);
        PodTemplateValidation.NonNegative("status.numberAvailable", status.NumberAvailable, errors);
        PodTemplateValidation.NonNegative("status.numberUnavailable", status.NumberUnavailable, errors);
        PodTemplateValidation.NonNegative("status.collisionCount", status.CollisionCount, errors);
        ReplicaStatusValidation.CollisionCountNotDecremented(status.CollisionCount, old.Status?.CollisionCount, errors);
    }

    private static void ValidateUpdateStrategy(V1DaemonSetUpdateStrategy? strategy, FieldErrors errors)
    {
        var type = strategy?.Type;
        if (type is not ("RollingUpdate" or "OnDelete"))
        {
            errors.NotSupported("spec.updateStrategy.type", type, "OnDelete", "RollingUpdate");
            return;
        }
        if (type != "RollingUpdate")
        {
            return;
        }
        var ru = strategy!.RollingUpdate;
        if (ru is null)
        {
            errors.Required("spec.updateStrategy.rollingUpdate");
            return;
        }
        // ValidateRollingUpdateDaemonSet: both checked, then exactly one of them non-zero, whatever the checks found.
        const string MaxUnavailable = "spec.updateStrategy.rollingUpdate.maxUnavailable";
        const string MaxSurge = "spec.updateStrategy.rollingUpdate.maxSurge";
        IntOrPercent.ValidatePositive(ru.MaxUnavailable, MaxUnavailable, errors);
        IntOrPercent.ValidatePositive(ru.MaxSurge, MaxSurge, errors);
        IntOrPercent.NotMoreThan100Percent(ru.MaxUnavailable, MaxUnavailable, errors);
        IntOrPercent.NotMoreThan100Percent(ru.MaxSurge, MaxSurge, errors);
        var unavailable = IntOrPercent.Value(ru.MaxUnavailable);
        var surge = IntOrPercent.Value(ru.MaxSurge);
        if (unavailable != 0 && surge != 0)
        {
            errors.Invalid(MaxSurge, IntOrPercent.Syntax(ru.MaxSurge), "may not be set when maxUnavailable is non-zero");
        }
        else if (unavailable == 0 && surge == 0)
        {
            errors.Required(MaxUnavailable, "cannot be 0 when maxSurge is 0");
        }
    }

    private static void Default(V1DaemonSet ds)
    {
        var spec = ds.Spec ??= new V1DaemonSetSpec();
        spec.UpdateStrategy ??= new V1DaemonSetUpdateStrategy();
        spec.UpdateStrategy.Type ??= "RollingUpdate";
        if (spec.UpdateStrategy.Type == "RollingUpdate")
        {
            var ru = spec.UpdateStrategy.RollingUpdate ??= new V1RollingUpdateDaemonSet();
            ru.MaxUnavailable ??= 1;
            ru.MaxSurge ??= 0;
        }
        spec.RevisionHistoryLimit ??= 10;
        if (spec.Template?.Spec is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
    }

    public static long TemplateGeneration(V1DaemonSet ds) =>
        ds.Metadata?.Annotations?.TryGetValue(TemplateGenerationAnnotation, out var v) == true
        && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : 1;
}
