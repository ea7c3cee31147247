using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>pkg/registry/admissionregistration/validatingadmissionpolicybinding/strategy.go: generation 1, bumped when the spec changes.</summary>
public sealed class ValidatingAdmissionPolicyBindingStrategy(ResourceType type) : TypedStrategy<V1ValidatingAdmissionPolicyBinding>(type)
{
    protected override void PrepareForCreate(V1ValidatingAdmissionPolicyBinding binding, DateTimeOffset now)
    {
        AdmissionPolicyDefaults.MatchResources((binding.Spec ??= new V1ValidatingAdmissionPolicyBindingSpec()).MatchResources);
        (binding.Metadata ??= new V1ObjectMeta()).Generation = 1;
    }

    protected override void PrepareForUpdate(V1ValidatingAdmissionPolicyBinding binding, V1ValidatingAdmissionPolicyBinding old, bool statusOnly)
    {
        AdmissionPolicyDefaults.MatchResources((binding.Spec ??= new V1ValidatingAdmissionPolicyBindingSpec()).MatchResources);
        binding.Metadata.Generation = Generation.AfterUpdate(old.Metadata, binding.Spec, old.Spec);
    }

    protected override void Validate(V1ValidatingAdmissionPolicyBinding binding, FieldErrors errors) =>
        AdmissionPolicyValidation.ValidateBindingSpec(binding.Spec, errors);
}
