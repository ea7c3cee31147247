using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>storage.k8s.io/v1 volumeattachments with volumeattachments/status (stored only: no attach-detach controller or external attacher runs here).</summary>
public sealed class VolumeAttachmentKind : KindDefinition
{
    public override ResourceType Type { get; } = new("storage.k8s.io", "v1", "volumeattachments", "volumeattachment", "VolumeAttachment", false, typeof(V1VolumeAttachment), None, None, ["status"]);

    public override RowPrinter Printer { get; } = new VolumeAttachmentPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new VolumeAttachmentStrategy(Type);
}
