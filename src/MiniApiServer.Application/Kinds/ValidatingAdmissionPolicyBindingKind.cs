using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>admissionregistration.k8s.io/v1 validatingadmissionpolicybindings: which writes a policy checks, with which params and actions.</summary>
public sealed class ValidatingAdmissionPolicyBindingKind : KindDefinition
{
    public override ResourceType Type { get; } = new("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "validatingadmissionpolicybinding",
        "ValidatingAdmissionPolicyBinding", false, typeof(V1ValidatingAdmissionPolicyBinding), None, ["api-extensions"], None, UsesGeneration: true);

    public override RowPrinter Printer { get; } = new ValidatingAdmissionPolicyBindingPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ValidatingAdmissionPolicyBindingStrategy(Type);
}
