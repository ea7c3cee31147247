using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>printers.go printComponentStatus: the Healthy condition as Healthy, Unhealthy or Unknown, its message and error.</summary>
public sealed class ComponentStatusPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Status", "string", "Status of the component conditions"),
        new("Message", "string", "Message of the component conditions"),
        new("Error", "string", "Error of the component conditions"),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var (status, message, error) = ("Unknown", "", "");
        if (item.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array)
        {
            foreach (var condition in conditions.EnumerateArray().Where(c => c.Str("type") == "Healthy"))
            {
                status = condition.Str("status") switch { "True" => "Healthy", "False" => "Unhealthy", _ => "Unknown" };
                (message, error) = (condition.Str("message"), condition.Str("error"));
                break;
            }
        }
        return [Cell.Of(Name(item)), Cell.Of(status), Cell.Of(message), Cell.Of(error)];
    }
}
