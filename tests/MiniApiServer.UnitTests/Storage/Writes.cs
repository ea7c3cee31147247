using System.Text.Json.Nodes;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>ConfigMap-shaped write commands, written out here so the tests do not lean on the API layer.</summary>
public static class Writes
{
    public const string ConfigMaps = "configmaps";

    public static JsonObject ConfigMap(string name, string value = "v") => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "default", ["uid"] = Guid.NewGuid().ToString() },
        ["data"] = new JsonObject { ["k"] = value },
    };

    public static WriteCommand Create(string name, string value = "v") =>
        new(WriteKind.Create, ConfigMaps, "default", name, ConfigMap(name, value));

    /// <summary>A create as the API's typed path hands it over: bytes ending metadata with a resourceVersion placeholder.</summary>
    public static WriteCommand CreateWithPlaceholder(string name, int digits)
    {
        var head = System.Text.Encoding.UTF8.GetBytes($"{{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{{\"name\":\"{name}\",\"namespace\":\"default\"");
        var tail = "},\"data\":{\"k\":\"v\"}}"u8;
        var field = RevisionStamper.PlaceholderLength(firstField: false, digits);
        var bytes = new byte[head.Length + field + tail.Length];
        head.CopyTo(bytes, 0);
        RevisionStamper.WritePlaceholder(bytes.AsSpan(head.Length, field), firstField: false, digits);
        tail.CopyTo(bytes.AsSpan(head.Length + field));
        return new WriteCommand(WriteKind.Create, ConfigMaps, "default", name, null) { Encoded = bytes, MetadataEnd = head.Length + field, RevisionDigits = digits };
    }

    public static WriteCommand Update(string name, long prev, string value) =>
        new(WriteKind.Update, ConfigMaps, "default", name, ConfigMap(name, value), prev);

    public static WriteCommand Delete(string name, long prev) =>
        new(WriteKind.Delete, ConfigMaps, "default", name, null, prev);
}
