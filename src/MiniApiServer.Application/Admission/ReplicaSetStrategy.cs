using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/apps/replicaset/strategy.go, SetDefaults_ReplicaSet (pkg/apis/apps/v1/defaults.go) and
/// ValidateReplicaSet (pkg/apis/apps/validation/validation.go).
/// </summary>
public sealed class ReplicaSetStrategy(ResourceType type) : TypedStrategy<V1ReplicaSet>(type)
{
    protected override void PrepareForCreate(V1ReplicaSet rs, DateTimeOffset now)
    {
        Default(rs);
        rs.Status = new V1ReplicaSetStatus { Replicas = 0 };
        rs.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1ReplicaSet rs, V1ReplicaSet old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(rs);
        rs.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!Semantic.DeepEqual(rs.Spec, old.Spec))
        {
            rs.Metadata.Generation++;
        }
    }

    protected override void Validate(V1ReplicaSet rs, FieldErrors errors)
    {
        if (rs.Spec is not { } spec)
        {
            errors.Required("spec");
            return;
        }
        PodTemplateValidation.NonNegative("spec.replicas", spec.Replicas, errors);
        PodTemplateValidation.NonNegative("spec.minReadySeconds", spec.MinReadySeconds, errors);
        PodTemplateValidation.ValidateSelector(spec.Selector, spec.Template, "deployment", errors);
        PodTemplateValidation.ValidateRestartingTemplate(spec.Template, "ReplicaSet", errors);
    }

    /// <summary>ValidateReplicaSetStatusUpdate: the status alone, as for a Deployment (the spec is the stored one).</summary>
    protected override void ValidateStatusUpdate(V1ReplicaSet rs, V1ReplicaSet old, FieldErrors errors)
    {
        var status = rs.Status ?? new V1ReplicaSetStatus();
        ReplicaStatusValidation.ReplicaCounts(status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas, status.ObservedGeneration, errors);
    }

    protected override void ValidateUpdate(V1ReplicaSet rs, V1ReplicaSet old, FieldErrors errors)
    {
        Validate(rs, errors);
        if (!Semantic.DeepEqual(rs.Spec?.Selector, old.Spec?.Selector))
        {
            errors.Immutable("spec.selector", GoSyntax.LabelSelector(rs.Spec?.Selector));
        }
    }

    private static void Default(V1ReplicaSet rs)
    {
        var spec = rs.Spec ??= new V1ReplicaSetSpec();
        spec.Replicas ??= 1;
        if (spec.Template?.Spec is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
    }
}
