using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors apiserver's <c>defaultTableConvertor</c> (registry/rest/table.go), used for e.g. roles and clusterroles.</summary>
internal sealed class DefaultPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Created At", "date", ColumnDocs.CreationTimestamp),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        // Go formats the zero time too, so a missing timestamp prints as 0001-01-01T00:00:00Z.
        var created = item.Obj("metadata").Time("creationTimestamp")?.UtcDateTime ?? DateTime.MinValue;
        return [Cell.Of(Name(item)), Cell.Of(created.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))];
    }
}
