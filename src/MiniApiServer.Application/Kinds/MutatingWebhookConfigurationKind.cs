using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// admissionregistration.k8s.io/v1 mutatingwebhookconfigurations: the MutatingAdmissionWebhook plugin calls each
/// webhook whose rules match a write, and applies the JSON patch it answers with.
/// </summary>
public sealed class MutatingWebhookConfigurationKind : KindDefinition
{
    public override ResourceType Type { get; } = new("admissionregistration.k8s.io", "v1", "mutatingwebhookconfigurations", "mutatingwebhookconfiguration",
        "MutatingWebhookConfiguration", false, typeof(V1MutatingWebhookConfiguration), None, ["api-extensions"], None, UsesGeneration: true);

    public override RowPrinter Printer { get; } = new WebhookConfigurationPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new MutatingWebhookConfigurationStrategy(Type);
}
