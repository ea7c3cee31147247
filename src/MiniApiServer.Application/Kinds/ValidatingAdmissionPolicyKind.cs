using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// admissionregistration.k8s.io/v1 validatingadmissionpolicies (GA in 1.30): CEL validations the ValidatingAdmissionPolicy
/// plugin runs in process, for the writes a binding puts the policy on.
/// </summary>
public sealed class ValidatingAdmissionPolicyKind : KindDefinition
{
    public override ResourceType Type { get; } = new("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "validatingadmissionpolicy",
        "ValidatingAdmissionPolicy", false, typeof(V1ValidatingAdmissionPolicy), None, ["api-extensions"], ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new ValidatingAdmissionPolicyPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ValidatingAdmissionPolicyStrategy(Type);
}
