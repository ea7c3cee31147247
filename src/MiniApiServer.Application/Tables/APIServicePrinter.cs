using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// kube-aggregator pkg/registry/apiservice/etcd/etcd.go ConvertToTable: the Service (Local when none), the Available
/// condition (its reason in parentheses unless True; Unknown when there is none) and the age.
/// </summary>
internal sealed class APIServicePrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Service", "string", "The reference to the service that hosts this API endpoint."),
        new("Available", "string", "Whether this service is available."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
        [Cell.Of(Name(item)), Cell.Of(Service(item)), Cell.Of(Available(item)), Cell.Of(AgeOf(item, now))];

    private static string Service(JsonElement item) =>
        item.TryGetProperty("spec", out var spec) && spec.TryGetProperty("service", out var service) && service.ValueKind == JsonValueKind.Object
            ? $"{service.Str("namespace")}/{service.Str("name")}"
            : "Local";

    private static string Available(JsonElement item)
    {
        if (!item.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions) || conditions.ValueKind != JsonValueKind.Array)
        {
            return "Unknown";
        }
        foreach (var condition in conditions.EnumerateArray())
        {
            if (condition.Str("type") != "Available")
            {
                continue;
            }
            var value = condition.Str("status");
            return value == "True" || string.IsNullOrEmpty(condition.Str("reason")) ? value : $"{value} ({condition.Str("reason")})";
        }
        return "Unknown";
    }
}
