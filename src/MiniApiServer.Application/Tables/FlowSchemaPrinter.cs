using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printFlowSchema</c>: the referenced level, the precedence, the distinguisher or &lt;none&gt;,
/// and MissingPL, the Dangling condition's status or "?" before the controller has set one; a list's rows in matching order.
/// </summary>
internal sealed class FlowSchemaPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("PriorityLevel", "string", FlowControlColumnDocs.PriorityLevel),
        new("MatchingPrecedence", "string", FlowControlColumnDocs.MatchingPrecedence),
        new("DistinguisherMethod", "string", FlowControlColumnDocs.DistinguisherMethod),
        TableColumn.AgeColumn(),
        new("MissingPL", "string", "references a broken or non-existent PriorityLevelConfiguration"),
    ];

    /// <summary>FlowSchemaSequence: by matchingPrecedence, then by name, the order the schemas are matched in.</summary>
    public override IReadOnlyList<byte[]> RowOrder(IReadOnlyList<byte[]> objects) => objects.Count < 2 ? objects :
        [.. objects.Select(o => (Key: SortKey(o), Json: o)).OrderBy(p => p.Key.Precedence).ThenBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => p.Json)];

    private static (long Precedence, string Name) SortKey(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var item = document.RootElement;
        return (item.Obj("spec").Int("matchingPrecedence"), Name(item));
    }

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var method = spec.Obj("distinguisherMethod");
        var dangling = item.Obj("status").Objects("conditions").FirstOrNull(c => c.Str("type") == "Dangling");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(spec.Obj("priorityLevelConfiguration").Str("name")),
            Cell.Of(spec.Int("matchingPrecedence")),
            Cell.Of(method is null ? "<none>" : method.Str("type")),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(dangling is { } condition ? condition.Str("status") : "?"),
        ];
    }
}
