using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printMutatingWebhook</c> and <c>printValidatingWebhook</c>, which share their columns.</summary>
internal sealed class WebhookConfigurationPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Webhooks", "integer", "Webhooks indicates the number of webhooks registered in this configuration"),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var count = item.TryGetProperty("webhooks", out var webhooks) && webhooks.ValueKind == JsonValueKind.Array ? webhooks.GetArrayLength() : 0;
        return [Cell.Of(Name(item)), JsonValue.Create(count), Cell.Of(AgeOf(item, now))];
    }
}
