using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/apps/deployment/strategy.go, SetDefaults_Deployment (pkg/apis/apps/v1/defaults.go) and
/// ValidateDeployment (pkg/apis/apps/validation/validation.go).
/// </summary>
public sealed class DeploymentStrategy(ResourceType type) : TypedStrategy<V1Deployment>(type)
{
    protected override void PrepareForCreate(V1Deployment d, DateTimeOffset now)
    {
        Default(d);
        d.Status = new V1DeploymentStatus();
        d.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1Deployment d, V1Deployment old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(d);
        d.Metadata.Generation = old.Metadata.Generation ?? 1;
        // strategy.go: annotations count too, because the deprecated rollback request was an annotation.
        if (!Semantic.DeepEqual(d.Spec, old.Spec) || !Semantic.DeepEqual(d.Metadata.Annotations, old.Metadata.Annotations))
        {
            d.Metadata.Generation++;
        }
    }

    protected override void Validate(V1Deployment d, FieldErrors errors)
    {
        if (d.Spec is not { } spec)
        {
            errors.Required("spec");
            return;
        }
        PodTemplateValidation.NonNegative("spec.replicas", spec.Replicas, errors);
        PodTemplateValidation.ValidateSelector(spec.Selector, spec.Template, "deployment", errors);
        PodTemplateValidation.ValidateRestartingTemplate(spec.Template, "ReplicaSet", errors);
        ValidateStrategy(spec.Strategy, errors);
        PodTemplateValidation.NonNegative("spec.minReadySeconds", spec.MinReadySeconds, errors);
        PodTemplateValidation.NonNegative("spec.revisionHistoryLimit", spec.RevisionHistoryLimit, errors);
        if (spec.ProgressDeadlineSeconds is { } deadline)
        {
            PodTemplateValidation.NonNegative("spec.progressDeadlineSeconds", deadline, errors);
            if (deadline <= (spec.MinReadySeconds ?? 0))
            {
                errors.Invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds");
            }
        }
    }

    protected override void ValidateUpdate(V1Deployment d, V1Deployment old, FieldErrors errors)
    {
        Validate(d, errors);
        if (!Semantic.DeepEqual(d.Spec?.Selector, old.Spec?.Selector))
        {
            errors.Immutable("spec.selector", GoSyntax.LabelSelector(d.Spec?.Selector));
        }
    }

    /// <summary>
    /// ValidateDeploymentStatusUpdate: the status alone. The spec is the stored one by now, and checking its template
    /// again would refuse the controller's status writes for an object stored before a template rule was added.
    /// </summary>
    protected override void ValidateStatusUpdate(V1Deployment d, V1Deployment old, FieldErrors errors)
    {
        var status = d.Status ?? new V1DeploymentStatus();
        PodTemplateValidation.NonNegative("status.observedGeneration", status.ObservedGeneration, errors);
        PodTemplateValidation.NonNegative("status.replicas", status.Replicas, errors);
        PodTemplateValidation.NonNegative("status.updatedReplicas", status.UpdatedReplicas, errors);
        PodTemplateValidation.NonNegative("status.readyReplicas", status.ReadyReplicas, errors);
        PodTemplateValidation.NonNegative("status.availableReplicas", status.AvailableReplicas, errors);
        PodTemplateValidation.NonNegative("status.unavailableReplicas", status.UnavailableReplicas, errors);
        PodTemplateValidation.NonNegative("status.collisionCount", status.CollisionCount, errors);
        const string Above = ReplicaStatusValidation.AboveReplicas;
        ReplicaStatusValidation.NotAbove("status.updatedReplicas", status.UpdatedReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.readyReplicas", status.ReadyReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.availableReplicas", status.AvailableReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.availableReplicas", status.AvailableReplicas, status.ReadyReplicas, "cannot be greater than readyReplicas", errors);
        ReplicaStatusValidation.CollisionCountNotDecremented(status.CollisionCount, old.Status?.CollisionCount, errors);
    }

    private static void ValidateStrategy(V1DeploymentStrategy? strategy, FieldErrors errors)
    {
        switch (strategy?.Type)
        {
            case "Recreate":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Forbidden("spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'");
                }
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is not { } ru)
                {
                    errors.Required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil");
                    break;
                }
                // ValidateRollingUpdateDeployment: only maxUnavailable is held to 100%; a surge may exceed it.
                IntOrPercent.ValidatePositive(ru.MaxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
                IntOrPercent.ValidatePositive(ru.MaxSurge, "spec.strategy.rollingUpdate.maxSurge", errors);
                if (IntOrPercent.Value(ru.MaxUnavailable) == 0 && IntOrPercent.Value(ru.MaxSurge) == 0)
                {
                    errors.Invalid("spec.strategy.rollingUpdate.maxUnavailable", IntOrPercent.Syntax(ru.MaxUnavailable), "may not be 0 when `maxSurge` is 0");
                }
                IntOrPercent.NotMoreThan100Percent(ru.MaxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable", errors);
                break;
            default:
                errors.NotSupported("spec.strategy.type", strategy?.Type, "Recreate", "RollingUpdate");
                break;
        }
    }

    private static void Default(V1Deployment d)
    {
        var spec = d.Spec ??= new V1DeploymentSpec();
        spec.Replicas ??= 1;
        spec.Strategy ??= new V1DeploymentStrategy();
        spec.Strategy.Type ??= "RollingUpdate";
        if (spec.Strategy.Type == "RollingUpdate")
        {
            var ru = spec.Strategy.RollingUpdate ??= new V1RollingUpdateDeployment();
            ru.MaxUnavailable ??= "25%";
            ru.MaxSurge ??= "25%";
        }
        spec.RevisionHistoryLimit ??= 10;
        spec.ProgressDeadlineSeconds ??= 600;
        if (spec.Template?.Spec is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
    }
}
