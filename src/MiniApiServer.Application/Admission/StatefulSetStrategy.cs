using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/apps/statefulset/strategy.go, SetDefaults_StatefulSet (pkg/apis/apps/v1/defaults.go) and
/// ValidateStatefulSet / ValidateStatefulSetUpdate / ValidateStatefulSetStatusUpdate (pkg/apis/apps/validation/validation.go, 1.32).
/// </summary>
public sealed class StatefulSetStrategy(ResourceType type) : TypedStrategy<V1StatefulSet>(type)
{
    public const string ImmutableSpecMessage =
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

    protected override void PrepareForCreate(V1StatefulSet set, DateTimeOffset now)
    {
        Default(set);
        set.Status = new V1StatefulSetStatus { Replicas = 0 };
        set.Metadata.Generation = 1;
        // dropStatefulSetDisabledFields: MaxUnavailableStatefulSet is alpha (off) in 1.32.
        if (set.Spec.UpdateStrategy?.RollingUpdate is { } ru)
        {
            ru.MaxUnavailable = null;
        }
    }

    protected override void PrepareForUpdate(V1StatefulSet set, V1StatefulSet old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(set);
        if (set.Spec.UpdateStrategy?.RollingUpdate is { } ru && old.Spec?.UpdateStrategy?.RollingUpdate?.MaxUnavailable is null)
        {
            ru.MaxUnavailable = null;
        }
        set.Metadata.Generation = old.Metadata.Generation ?? 1;
        if (!Semantic.DeepEqual(set.Spec, old.Spec))
        {
            set.Metadata.Generation++;
        }
    }

    protected override void Validate(V1StatefulSet set, FieldErrors errors) => ValidateSpec(set.Spec, errors);

    /// <summary>ValidateStatefulSetUpdate: the spec rules again, then only the listed fields may differ from the stored spec.</summary>
    protected override void ValidateUpdate(V1StatefulSet set, V1StatefulSet old, FieldErrors errors)
    {
        ValidateSpec(set.Spec, errors);
        if (set.Spec is null || old.Spec is null)
        {
            return;
        }
        var clone = ModelCodec.Decode<V1StatefulSetSpec>(ModelCodec.Encode(set.Spec));
        clone.Replicas = old.Spec.Replicas;
        clone.Template = old.Spec.Template;
        clone.UpdateStrategy = old.Spec.UpdateStrategy;
        clone.MinReadySeconds = old.Spec.MinReadySeconds;
        clone.Ordinals = old.Spec.Ordinals;
        // 1.32 lets revisionHistoryLimit change too, though its message does not name it.
        clone.RevisionHistoryLimit = old.Spec.RevisionHistoryLimit;
        clone.PersistentVolumeClaimRetentionPolicy = old.Spec.PersistentVolumeClaimRetentionPolicy;
        if (!Semantic.DeepEqual(clone, old.Spec))
        {
            errors.Forbidden("spec", ImmutableSpecMessage);
        }
    }

    /// <summary>ValidateStatefulSetStatusUpdate.</summary>
    protected override void ValidateStatusUpdate(V1StatefulSet set, V1StatefulSet old, FieldErrors errors)
    {
        var status = set.Status ?? new V1StatefulSetStatus();
        PodTemplateValidation.NonNegative("status.replicas", status.Replicas, errors);
        PodTemplateValidation.NonNegative("status.readyReplicas", status.ReadyReplicas, errors);
        PodTemplateValidation.NonNegative("status.currentReplicas", status.CurrentReplicas, errors);
        PodTemplateValidation.NonNegative("status.updatedReplicas", status.UpdatedReplicas, errors);
        PodTemplateValidation.NonNegative("status.availableReplicas", status.AvailableReplicas, errors);
        PodTemplateValidation.NonNegative("status.observedGeneration", status.ObservedGeneration, errors);
        PodTemplateValidation.NonNegative("status.collisionCount", status.CollisionCount, errors);
        const string Above = ReplicaStatusValidation.AboveReplicas;
        ReplicaStatusValidation.NotAbove("status.readyReplicas", status.ReadyReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.currentReplicas", status.CurrentReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.updatedReplicas", status.UpdatedReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.availableReplicas", status.AvailableReplicas, status.Replicas, Above, errors);
        ReplicaStatusValidation.NotAbove("status.availableReplicas", status.AvailableReplicas, status.ReadyReplicas, "cannot be greater than status.readyReplicas", errors);
        ReplicaStatusValidation.CollisionCountNotDecremented(status.CollisionCount, old.Status?.CollisionCount, errors);
    }

    private static void ValidateSpec(V1StatefulSetSpec? spec, FieldErrors errors)
    {
        if (spec is null)
        {
            errors.Required("spec");
            return;
        }
        switch (spec.PodManagementPolicy)
        {
            case null or "":
                errors.Required("spec.podManagementPolicy");
                break;
            case "OrderedReady" or "Parallel":
                break;
            default:
                errors.Invalid("spec.podManagementPolicy", spec.PodManagementPolicy, "must be 'OrderedReady' or 'Parallel'");
                break;
        }
        ValidateUpdateStrategy(spec.UpdateStrategy, errors);
        if (spec.PersistentVolumeClaimRetentionPolicy is { } retention)
        {
            ValidateRetention("spec.persistentVolumeClaimRetentionPolicy.whenDeleted", retention.WhenDeleted, errors);
            ValidateRetention("spec.persistentVolumeClaimRetentionPolicy.whenScaled", retention.WhenScaled, errors);
        }
        PodTemplateValidation.NonNegative("spec.replicas", spec.Replicas, errors);
        PodTemplateValidation.NonNegative("spec.minReadySeconds", spec.MinReadySeconds, errors);
        if (spec.Ordinals is { } ordinals)
        {
            PodTemplateValidation.NonNegative("spec.ordinals.start", ordinals.Start, errors);
        }
        PodTemplateValidation.ValidateSelector(spec.Selector, spec.Template, "statefulset", errors);
        // ValidatePodTemplateSpecForStatefulSet checks the template's metadata only (its TODO: the pod spec's volumes
        // would fail without the claim templates), so a bad pod spec surfaces as the controller's FailedCreate.
        PodTemplateValidation.ValidateTemplateMetadata(spec.Template, errors);
        var podSpec = spec.Template?.Spec;
        if (podSpec?.RestartPolicy != "Always")
        {
            errors.NotSupported("spec.template.spec.restartPolicy", podSpec?.RestartPolicy ?? "", "Always");
        }
        if (podSpec?.ActiveDeadlineSeconds is not null)
        {
            errors.Forbidden("spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in StatefulSet is not Supported");
        }
    }

    private static void ValidateUpdateStrategy(V1StatefulSetUpdateStrategy? strategy, FieldErrors errors)
    {
        switch (strategy?.Type)
        {
            case null or "":
                errors.Required("spec.updateStrategy");
                break;
            case "OnDelete":
                if (strategy.RollingUpdate is not null)
                {
                    errors.Invalid("spec.updateStrategy.rollingUpdate", RollingUpdateSyntax(strategy.RollingUpdate), "only allowed for updateStrategy 'RollingUpdate'");
                }
                break;
            case "RollingUpdate":
                if (strategy.RollingUpdate is { } ru)
                {
                    PodTemplateValidation.NonNegative("spec.updateStrategy.rollingUpdate.partition", ru.Partition, errors);
                    if (ru.MaxUnavailable is not null)
                    {
                        const string MaxUnavailable = "spec.updateStrategy.rollingUpdate.maxUnavailable";
                        IntOrPercent.ValidatePositive(ru.MaxUnavailable, MaxUnavailable, errors);
                        if (IntOrPercent.Value(ru.MaxUnavailable) == 0)
                        {
                            errors.Invalid(MaxUnavailable, IntOrPercent.Syntax(ru.MaxUnavailable), "cannot be 0");
                        }
                        IntOrPercent.NotMoreThan100Percent(ru.MaxUnavailable, MaxUnavailable, errors);
                    }
                }
                break;
            default:
                errors.Invalid("spec.updateStrategy", new GoSyntax($"apps.StatefulSetUpdateStrategy{{Type:{GoSyntax.Quote(strategy.Type)}, RollingUpdate:{(strategy.RollingUpdate is null ? "(*apps.RollingUpdateStatefulSetStrategy)(nil)" : "&" + RollingUpdateSyntax(strategy.RollingUpdate))}}}"), "must be 'RollingUpdate' or 'OnDelete'");
                break;
        }
    }

    // field.Invalid prints a struct with %#v.
    private static GoSyntax RollingUpdateSyntax(V1RollingUpdateStatefulSetStrategy ru) =>
        new($"apps.RollingUpdateStatefulSetStrategy{{Partition:{ru.Partition ?? 0}, MaxUnavailable:(*intstr.IntOrString)(nil)}}");

    private static void ValidateRetention(string field, string? policy, FieldErrors errors)
    {
        if (policy is not ("Retain" or "Delete"))
        {
            errors.NotSupported(field, policy ?? "", "Delete", "Retain");
        }
    }

    private static void Default(V1StatefulSet set)
    {
        var spec = set.Spec ??= new V1StatefulSetSpec();
        if (string.IsNullOrEmpty(spec.PodManagementPolicy))
        {
            spec.PodManagementPolicy = "OrderedReady";
        }
        spec.UpdateStrategy ??= new V1StatefulSetUpdateStrategy();
        if (string.IsNullOrEmpty(spec.UpdateStrategy.Type))
        {
            spec.UpdateStrategy.Type = "RollingUpdate";
            spec.UpdateStrategy.RollingUpdate ??= new V1RollingUpdateStatefulSetStrategy();
        }
        if (spec.UpdateStrategy is { Type: "RollingUpdate", RollingUpdate: { } ru })
        {
            ru.Partition ??= 0;
        }
        var retention = spec.PersistentVolumeClaimRetentionPolicy ??= new V1StatefulSetPersistentVolumeClaimRetentionPolicy();
        if (string.IsNullOrEmpty(retention.WhenDeleted))
        {
            retention.WhenDeleted = "Retain";
        }
        if (string.IsNullOrEmpty(retention.WhenScaled))
        {
            retention.WhenScaled = "Retain";
        }
        spec.Replicas ??= 1;
        spec.RevisionHistoryLimit ??= 10;
        if (spec.Template?.Spec is { } podSpec)
        {
            PodSpecDefaults.Apply(podSpec);
        }
        // SetDefaults_PersistentVolumeClaim and its spec's defaults run on each claim template.
        foreach (var claim in spec.VolumeClaimTemplates ?? [])
        {
            claim.Spec ??= new V1PersistentVolumeClaimSpec();
            claim.Spec.VolumeMode ??= "Filesystem";
            claim.Status ??= new V1PersistentVolumeClaimStatus();
            claim.Status.Phase ??= "Pending";
        }
    }
}
