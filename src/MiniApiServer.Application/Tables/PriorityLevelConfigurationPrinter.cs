using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printPriorityLevelConfiguration</c>: a limited level's shares and, when it queues, its
/// queues, hand size and queue length limit; &lt;none&gt; for whatever the level does not have.
/// </summary>
internal sealed class PriorityLevelConfigurationPrinter : RowPrinter
{
    private const string None = "<none>";

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Type", "string", FlowControlColumnDocs.Type),
        new("NominalConcurrencyShares", "string", FlowControlColumnDocs.NominalConcurrencyShares),
        new("Queues", "string", FlowControlColumnDocs.Queues),
        new("HandSize", "string", FlowControlColumnDocs.HandSize),
        new("QueueLengthLimit", "string", FlowControlColumnDocs.QueueLengthLimit),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var limited = spec.Obj("limited");
        var queuing = limited.Obj("limitResponse").Obj("queuing");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(spec.Str("type")),
            NumberOrNone(limited, "nominalConcurrencyShares"),
            NumberOrNone(queuing, "queues"),
            NumberOrNone(queuing, "handSize"),
            NumberOrNone(queuing, "queueLengthLimit"),
            Cell.Of(AgeOf(item, now)),
        ];
    }

    private static JsonNode NumberOrNone(JsonElement? section, string field) => section is null ? Cell.Of(None) : Cell.Of(section.Int(field));
}
