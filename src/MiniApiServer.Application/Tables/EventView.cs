using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// The fields printEvent reads from the internal core Event. events.k8s.io/v1 objects are mapped the way
/// their conversion to the internal type does (regarding → involvedObject, note → message, deprecated* → legacy fields),
/// so both APIs print identical rows.
/// </summary>
internal sealed record EventView(
    string Name,
    string Type,
    string Reason,
    string Message,
    JsonElement? InvolvedObject,
    JsonElement? Source,
    string ReportingController,
    string ReportingInstance,
    DateTimeOffset? FirstTimestamp,
    DateTimeOffset? LastTimestamp,
    DateTimeOffset? EventTime,
    long Count,
    JsonElement? Series)
{
    public static EventView FromCore(JsonElement e) => new(
        e.Obj("metadata").Str("name"),
        e.Str("type"),
        e.Str("reason"),
        e.Str("message"),
        e.Obj("involvedObject"),
        e.Obj("source"),
        e.Str("reportingComponent"),
        e.Str("reportingInstance"),
        e.Time("firstTimestamp"),
        e.Time("lastTimestamp"),
        e.Time("eventTime"),
        e.Int("count"),
        e.Obj("series"));

    public static EventView FromEventsV1(JsonElement e) => new(
        e.Obj("metadata").Str("name"),
        e.Str("type"),
        e.Str("reason"),
        e.Str("note"),
        e.Obj("regarding"),
        e.Obj("deprecatedSource"),
        e.Str("reportingController"),
        e.Str("reportingInstance"),
        e.Time("deprecatedFirstTimestamp"),
        e.Time("deprecatedLastTimestamp"),
        e.Time("eventTime"),
        e.Int("deprecatedCount"),
        e.Obj("series"));
}
