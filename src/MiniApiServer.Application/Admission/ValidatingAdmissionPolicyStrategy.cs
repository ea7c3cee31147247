using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/admissionregistration/validatingadmissionpolicy/strategy.go with v1/defaults.go: generation 1, bumped
/// when the spec changes; the status reset on create and kept by spec writes; /status keeps the spec.
/// </summary>
public sealed class ValidatingAdmissionPolicyStrategy(ResourceType type) : TypedStrategy<V1ValidatingAdmissionPolicy>(type)
{
    protected override void PrepareForCreate(V1ValidatingAdmissionPolicy policy, DateTimeOffset now)
    {
        Default(policy);
        policy.Status = new V1ValidatingAdmissionPolicyStatus();
        (policy.Metadata ??= new V1ObjectMeta()).Generation = 1;
    }

    protected override void PrepareForUpdate(V1ValidatingAdmissionPolicy policy, V1ValidatingAdmissionPolicy old, bool statusOnly)
    {
        if (statusOnly)
        {
            return;
        }
        Default(policy);
        policy.Metadata.Generation = Generation.AfterUpdate(old.Metadata, policy.Spec, old.Spec);
    }

    /// <summary>SetDefaults_ValidatingAdmissionPolicySpec, SetDefaults_MatchResources and the rules' scope.</summary>
    private static void Default(V1ValidatingAdmissionPolicy policy)
    {
        var spec = policy.Spec ??= new V1ValidatingAdmissionPolicySpec();
        spec.FailurePolicy ??= "Fail";
        AdmissionPolicyDefaults.MatchResources(spec.MatchConstraints);
    }

    protected override void Validate(V1ValidatingAdmissionPolicy policy, FieldErrors errors) =>
        AdmissionPolicyValidation.ValidatePolicySpec(policy.Metadata?.Name ?? "", policy.Spec, errors);

    /// <summary>validateValidatingAdmissionPolicyStatus: each expression warning names its field and says something.</summary>
    protected override void ValidateStatusUpdate(V1ValidatingAdmissionPolicy policy, V1ValidatingAdmissionPolicy old, FieldErrors errors)
    {
        var warnings = policy.Status?.TypeChecking?.ExpressionWarnings ?? [];
        for (var i = 0; i < warnings.Count; i++)
        {
            if (string.IsNullOrEmpty(warnings[i].Warning))
            {
                errors.Required($"status.typeChecking.expressionWarnings[{i}].warning");
            }
            if (string.IsNullOrWhiteSpace(warnings[i].FieldRef))
            {
                errors.Required($"status.typeChecking.expressionWarnings[{i}].fieldRef");
            }
        }
        ConditionValidation.Validate(policy.Status?.Conditions, "status.conditions", errors);
    }
}
