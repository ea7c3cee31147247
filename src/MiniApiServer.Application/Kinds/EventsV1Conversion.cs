using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// pkg/apis/events/v1/conversion.go through the internal Event: regarding is involvedObject, note is message,
/// deprecatedSource/FirstTimestamp/LastTimestamp/Count are source/firstTimestamp/lastTimestamp/count and
/// reportingController is the core reportingComponent; reason, type, action, related, eventTime, series and
/// reportingInstance keep their names.
/// </summary>
public sealed class EventsV1Conversion : IVersionConversion
{
    private const string ServedVersion = "events.k8s.io/v1";

    private static readonly (string EventsV1, string Core)[] Renamed =
    [
        ("regarding", "involvedObject"),
        ("note", "message"),
        ("deprecatedSource", "source"),
        ("deprecatedFirstTimestamp", "firstTimestamp"),
        ("deprecatedLastTimestamp", "lastTimestamp"),
        ("deprecatedCount", "count"),
        ("reportingController", "reportingComponent"),
    ];

    private static readonly string[] Shared = ["metadata", "reason", "type", "action", "related", "eventTime", "series", "reportingInstance"];

    // AddFieldLabelConversionsForEvent: the events.k8s.io labels and the core labels they select on.
    private static readonly Dictionary<string, string> FieldLabels = new(StringComparer.Ordinal)
    {
        ["metadata.name"] = "metadata.name",
        ["metadata.namespace"] = "metadata.namespace",
        ["reason"] = "reason",
        ["type"] = "type",
        ["reportingController"] = "reportingComponent",
        ["regarding.kind"] = "involvedObject.kind",
        ["regarding.namespace"] = "involvedObject.namespace",
        ["regarding.name"] = "involvedObject.name",
        ["regarding.uid"] = "involvedObject.uid",
        ["regarding.apiVersion"] = "involvedObject.apiVersion",
        ["regarding.resourceVersion"] = "involvedObject.resourceVersion",
        ["regarding.fieldPath"] = "involvedObject.fieldPath",
    };

    public string StorageResource => "events";

    public JsonObject ToStorage(JsonObject served)
    {
        ServedBody.Check(served, ServedVersion, "Event");
        return Convert(served, "v1", Renamed.Select(r => (r.EventsV1, r.Core)));
    }

    /// <summary>
    /// ValidateEventCreate's strict rules for events.k8s.io/v1 and newer (pkg/apis/core/validation/events.go): a new
    /// event has an eventTime, a Normal or Warning type, a series of at least two, and none of the deprecated
    /// core fields, which only the legacy API may set. Errors name the core kind, as the shared storage does.
    /// </summary>
    public void ValidateCreate(JsonObject served)
    {
        var errors = new FieldErrors();
        if (IsUnset(served["eventTime"]))
        {
            errors.Required("eventTime");
        }
        var type = served["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
        if (type is not ("Normal" or "Warning"))
        {
            errors.Invalid("type", "", $"has invalid value: {type}");
        }
        foreach (var (field, core) in new[] { ("deprecatedFirstTimestamp", "firstTimestamp"), ("deprecatedLastTimestamp", "lastTimestamp"), ("deprecatedCount", "count") })
        {
            if (!IsUnset(served[field]) && served[field]!.ToJsonString() != "0")
            {
                errors.Invalid(core, "", "needs to be unset");
            }
        }
        if (served["deprecatedSource"] is JsonObject source && (!IsUnset(source["component"]) || !IsUnset(source["host"])))
        {
            errors.Invalid("source", "", "needs to be unset");
        }
        if (served["series"] is JsonObject series)
        {
            if (!(series["count"] is JsonValue c && c.TryGetValue<long>(out var count) && count >= 2))
            {
                errors.Invalid("series.count", "", "should be at least 2");
            }
            if (IsUnset(series["lastObservedTime"]))
            {
                errors.Required("series.lastObservedTime");
            }
        }
        if (errors.Any)
        {
            var name = served["metadata"]?["name"] is JsonValue n && n.TryGetValue<string>(out var v) ? v : "";
            throw ApiErrors.Invalid("", "Event", name, errors.Causes);
        }
    }

    private static bool IsUnset(JsonNode? node) =>
        node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);

    public JsonObject FromStorage(JsonObject stored)
    {
        var converted = Convert(stored, ServedVersion, Renamed.Select(r => (r.Core, r.EventsV1)));
        // metav1.MicroTime is not a pointer in events.k8s.io/v1: an event recorded through core/v1 has it as null.
        converted.TryAdd("eventTime", null);
        return converted;
    }

    public string? FieldSelectorToStorage(string? selector)
    {
        if (string.IsNullOrWhiteSpace(selector))
        {
            return selector;
        }
        var terms = selector.Split(',').Select(term =>
        {
            var op = term.IndexOfAny(['=', '!']);
            var label = (op < 0 ? term : term[..op]).Trim();
            return FieldLabels.TryGetValue(label, out var core)
                ? core + (op < 0 ? "" : term[op..])
                : throw ApiErrors.BadRequest($"field label not supported: {label}");
        });
        return string.Join(',', terms);
    }

    private static JsonObject Convert(JsonObject source, string apiVersion, IEnumerable<(string From, string To)> renamed)
    {
        var result = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "Event" };
        foreach (var name in Shared)
        {
            if (source.TryGetPropertyValue(name, out var value))
            {
                result[name] = value?.DeepClone();
            }
        }
        foreach (var (from, to) in renamed)
        {
            if (source.TryGetPropertyValue(from, out var value))
            {
                result[to] = value?.DeepClone();
            }
        }
        return result;
    }
}
