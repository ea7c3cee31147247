using System.Text.Json;

namespace MiniApiServer.Controllers.Events;

/// <summary>
/// kube-apiserver's --event-ttl (default 1 h): etcd leases expire events. Here an event expires when its
/// last sighting (lastTimestamp, else eventTime, else creationTimestamp) is older than the TTL.
/// </summary>
public static class EventTtl
{
    public static bool Expired(ReadOnlySpan<byte> eventJson, DateTimeOffset now, TimeSpan ttl)
    {
        var reader = new Utf8JsonReader(eventJson);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var seen = Time(root, "lastTimestamp") ?? Time(root, "eventTime")
            ?? (root.TryGetProperty("metadata", out var meta) ? Time(meta, "creationTimestamp") : null);
        return seen is { } t && now - t > ttl;
    }

    private static DateTimeOffset? Time(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(v.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t)
            ? t : null;
}
