using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printEvent</c> and <c>formatEventSource</c>.</summary>
internal sealed class EventPrinter(Func<JsonElement, EventView> view) : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        new("Last Seen", "string", "The time at which the most recent occurrence of this event was recorded."),
        new("Type", "string", "Type of this event (Normal, Warning), new types could be added in the future"),
        new("Reason", "string", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        new("Object", "string", "The object that this event is about."),
        new("Subobject", "string", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2].", 1),
        new("Source", "string", "The component reporting this event. Should be a short machine understandable string.", 1),
        new("Message", "string", "A human-readable description of the status of this operation."),
        new("First Seen", "string", "The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)", 1),
        new("Count", "string", "The number of times this event has occurred.", 1),
        TableColumn.NameColumn(priority: 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var e = view(item);
        var firstSeen = e.FirstTimestamp is null ? Age.Since(e.EventTime, now) : Age.Since(e.FirstTimestamp, now);
        var lastSeen = e.LastTimestamp is null ? firstSeen : Age.Since(e.LastTimestamp, now);
        var count = e.Count;
        if (e.Series is not null)
        {
            lastSeen = Age.Since(e.Series.Time("lastObservedTime"), now);
            count = e.Series.Int("count");
        }
        else if (count == 0)
        {
            // Singleton events don't have a count set in the new API.
            count = 1;
        }

        var kind = e.InvolvedObject.Str("kind").ToLowerInvariant();
        var involvedName = e.InvolvedObject.Str("name");
        var target = involvedName.Length > 0 ? $"{kind}/{involvedName}" : kind;
        return
        [
            Cell.Of(lastSeen),
            Cell.Of(e.Type),
            Cell.Of(e.Reason),
            Cell.Of(target),
            Cell.Of(e.InvolvedObject.Str("fieldPath")),
            Cell.Of(FormatSource(e)),
            Cell.Of(e.Message.Trim()),
            Cell.Of(firstSeen),
            Cell.Of(count),
            Cell.Of(e.Name),
        ];
    }

    private static string FormatSource(EventView e)
    {
        var component = FirstNonEmpty(e.Source.Str("component"), e.ReportingController);
        var instance = FirstNonEmpty(e.Source.Str("host"), e.ReportingInstance);
        return instance.Length == 0 ? component : $"{component}, {instance}";
    }

    private static string FirstNonEmpty(string first, string second) => first.Length > 0 ? first : second;
}
