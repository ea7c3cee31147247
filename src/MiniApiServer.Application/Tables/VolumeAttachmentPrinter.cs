using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printVolumeAttachment</c>: the attacher, the named volume (empty for an inline one), the node and whether it is attached.</summary>
internal sealed class VolumeAttachmentPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Attacher", "string", CsiColumnDocs.Attacher, Format: "name"),
        new("PV", "string", CsiColumnDocs.PersistentVolumeName),
        new("Node", "string", CsiColumnDocs.NodeName),
        new("Attached", "boolean", CsiColumnDocs.Attached),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        return
        [
            Cell.Of(Name(item)), Cell.Of(spec.Str("attacher")), Cell.Of(spec.Obj("source").Str("persistentVolumeName")),
            Cell.Of(spec.Str("nodeName")), JsonValue.Create(item.Obj("status").Bool("attached")), Cell.Of(AgeOf(item, now)),
        ];
    }
}
