using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// admissionregistration.k8s.io/v1 validatingwebhookconfigurations: the ValidatingAdmissionWebhook plugin calls each
/// webhook whose rules match a write, after the object is validated, and refuses the write when one denies it.
/// </summary>
public sealed class ValidatingWebhookConfigurationKind : KindDefinition
{
    public override ResourceType Type { get; } = new("admissionregistration.k8s.io", "v1", "validatingwebhookconfigurations", "validatingwebhookconfiguration",
        "ValidatingWebhookConfiguration", false, typeof(V1ValidatingWebhookConfiguration), None, ["api-extensions"], None, UsesGeneration: true);

    public override RowPrinter Printer { get; } = new WebhookConfigurationPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ValidatingWebhookConfigurationStrategy(Type);
}
