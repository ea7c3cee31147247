using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printCSINode</c>: the number of drivers registered on the node.</summary>
internal sealed class CSINodePrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Drivers", "integer", "Drivers indicates the number of CSI drivers registered on the node"),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
        [Cell.Of(Name(item)), Cell.Of(item.Obj("spec").Count("drivers")), Cell.Of(AgeOf(item, now))];
}
