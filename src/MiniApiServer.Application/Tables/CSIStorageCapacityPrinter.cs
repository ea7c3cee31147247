using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printCSIStorageCapacity</c>: the class and the capacity or &lt;unset&gt;, and no age column.</summary>
internal sealed class CSIStorageCapacityPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("StorageClassName", "string", CsiColumnDocs.StorageClassName),
        new("Capacity", "string", CsiColumnDocs.Capacity),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
        [Cell.Of(Name(item)), Cell.Of(item.Str("storageClassName")), Cell.Of(item.Has("capacity") ? item.Str("capacity") : "<unset>")];
}
