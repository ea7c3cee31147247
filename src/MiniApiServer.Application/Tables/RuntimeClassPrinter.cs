using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printRuntimeClass</c>: the handler and the age.</summary>
internal sealed class RuntimeClassPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Handler", "string", ""),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
        [Cell.Of(Name(item)), Cell.Of(item.Str("handler")), Cell.Of(AgeOf(item, now))];
}
