using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printResourceQuota</c>: each of status.hard's names, sorted, as "name: used/hard", the
/// limits.* ones under Limit and every other under Request. Empty until the quota controller has filled the status.
/// </summary>
internal sealed class ResourceQuotaPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        TableColumn.AgeColumn(),
        new("Request", "string", "Request represents a minimum amount of cpu/memory that a container may consume."),
        new("Limit", "string", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var request = new StringBuilder();
        var limit = new StringBuilder();
        var status = item.Obj("status");
        if (status?.Obj("hard") is { ValueKind: JsonValueKind.Object } hard)
        {
            var used = status.Obj("used");
            foreach (var name in hard.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal))
            {
                var target = name.StartsWith("limits.", StringComparison.Ordinal) ? limit : request;
                var usedText = used is { ValueKind: JsonValueKind.Object } u && u.TryGetProperty(name, out var value) ? value.ToString() : "0";
                target.Append(name).Append(": ").Append(usedText).Append('/').Append(hard.GetProperty(name).ToString()).Append(", ");
            }
        }
        return [Cell.Of(Name(item)), Cell.Of(AgeOf(item, now)), Cell.Of(Trim(request)), Cell.Of(Trim(limit))];
    }

    private static string Trim(StringBuilder text) => text.Length >= 2 ? text.ToString(0, text.Length - 2) : text.ToString();
}
