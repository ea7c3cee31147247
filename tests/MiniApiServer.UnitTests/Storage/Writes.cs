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

    public static WriteCommand Update(string name, long prev, string value) =>
        new(WriteKind.Update, ConfigMaps, "default", name, ConfigMap(name, value), prev);

    public static WriteCommand Delete(string name, long prev) =>
        new(WriteKind.Delete, ConfigMaps, "default", name, null, prev);
}
