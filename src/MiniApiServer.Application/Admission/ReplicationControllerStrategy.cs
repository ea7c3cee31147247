using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/replicationcontroller/strategy.go, SetDefaults_ReplicationController (pkg/apis/core/v1/defaults.go)
/// and ValidateReplicationController/StatusUpdate (pkg/apis/core/validation/validation.go). Unlike a ReplicaSet's, the
/// selector is a plain label map and may change: upstream never made it immutable.
/// </summary>
public sealed class ReplicationControllerStrategy(ResourceType type) : TypedStrategy<V1ReplicationController>(type)
{
    protected override void PrepareForCreate(V1ReplicationController rc, DateTimeOffset now)
    {
        Default(rc);
        rc.Status = new V1ReplicationControllerStatus { Replicas = 0 };
        rc.Metadata.Generation = 1;
    }

    protected override void PrepareForUpdate(V1ReplicationController rc, V1ReplicationController old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(rc);
        rc.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!Semantic.DeepEqual(rc.Spec, old.Spec))
        {
            rc.Metadata.Generation++;
        }
    }

    /// <summary>ValidateReplicationControllerSpec and ValidatePodTemplateSpecForRC, in upstream's order.</summary>
    protected override void Validate(V1ReplicationController rc, FieldErrors errors)
    {
        var spec = rc.Spec ?? new V1ReplicationControllerSpec();
        PodTemplateValidation.NonNegative("spec.minReadySeconds", spec.MinReadySeconds, errors);
        var selector = spec.Selector ?? new Dictionary<string, string>();
        if (selector.Count == 0)
        {
            errors.Required("spec.selector");
        }
        PodTemplateValidation.NonNegative("spec.replicas", spec.Replicas, errors);
        if (spec.Template is not { } template)
        {
            errors.Required("spec.template");
            return;
        }
        var labels = template.Metadata?.Labels ?? new Dictionary<string, string>();
        if (selector.Count > 0 && !Selects(selector, labels))
        {
            errors.Invalid("spec.template.metadata.labels", GoSyntax.Map(labels), "`selector` does not match template `labels`");
        }
        PodTemplateValidation.ValidateRestartingTemplate(template, "ReplicationController", errors);
    }

    protected override void ValidateStatusUpdate(V1ReplicationController rc, V1ReplicationController old, FieldErrors errors)
    {
        var status = rc.Status ?? new V1ReplicationControllerStatus();
        ReplicaStatusValidation.ReplicaCounts(status.Replicas, status.FullyLabeledReplicas, status.ReadyReplicas, status.AvailableReplicas, status.ObservedGeneration, errors);
    }

    /// <summary>labels.Set(selector).AsSelector().Matches: every selector pair is among the labels.</summary>
    public static bool Selects(IDictionary<string, string> selector, IDictionary<string, string> labels) =>
        selector.All(s => labels.TryGetValue(s.Key, out var value) && value == s.Value);

    /// <summary>The template's labels stand in for an empty selector and empty object labels; the rest as a pod's.</summary>
    private static void Default(V1ReplicationController rc)
    {
        var spec = rc.Spec ??= new V1ReplicationControllerSpec();
        if (spec.Template?.Metadata?.Labels is { } labels)
        {
            if (spec.Selector is not { Count: > 0 })
            {
                spec.Selector = new Dictionary<string, string>(labels);
            }
            if (rc.Metadata.Labels is not { Count: > 0 })
            {
                rc.Metadata.Labels = new Dictionary<string, string>(labels);
            }
        }
        spec.Replicas ??= 1;
        if (spec.Template is { } template)
        {
            // The template's spec is a struct value: Go's defaulting fills even an absent one.
            PodSpecDefaults.Apply(template.Spec ??= new V1PodSpec());
        }
    }
}
