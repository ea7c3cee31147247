using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.UnitTests.Resources;

/// <summary>
/// The index a stored object gets: labels, uid, metadata.name/namespace and the kind's selectable fields
/// (pkg/registry/core/pod/strategy.go ToSelectableFields and its siblings).
/// </summary>
public sealed class ResourceIndexerTests
{
    private readonly ResourceIndexer _indexer = new();

    [Fact]
    public void Pod_IndexesLabelsUidAndItsSelectableFields_AndSkipsEverythingElse()
    {
        const string json = """
            {"kind":"Pod","apiVersion":"v1",
             "spec":{"containers":[{"name":"c","image":"x","env":[{"name":"nodeName","value":"decoy"}]}],
                     "template":{"metadata":{"labels":{"decoy":"yes"}}},"nodeName":"node-7","hostNetwork":true,
                     "restartPolicy":"Always","schedulerName":"default-scheduler"},
             "metadata":{"name":"p","namespace":"ns","uid":"u-1","labels":{"app":"web","n":3,"z":null},
                         "annotations":{"spec.nodeName":"decoy"}},
             "status":{"phase":"Running","podIP":null,"conditions":[{"type":"Ready","status":"True"}]}}
            """;

        var index = _indexer.Index("pods", Encoding.UTF8.GetBytes(json));

        Assert.Equal("u-1", index.Uid);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["n"] = "3", ["z"] = "" }, index.Labels);
        Assert.Equal(new Dictionary<string, string>
        {
            ["metadata.name"] = "p",
            ["metadata.namespace"] = "ns",
            ["spec.nodeName"] = "node-7",
            ["spec.restartPolicy"] = "Always",
            ["spec.schedulerName"] = "default-scheduler",
            ["spec.serviceAccountName"] = "",
            ["spec.hostNetwork"] = "true",
            ["status.phase"] = "Running",
            ["status.podIP"] = "",
            ["status.nominatedNodeName"] = "",
        }, index.Fields);
    }

    [Theory]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(200)]
    public void ManyLabels_AreAllIndexed_AndARepeatedKeyKeepsItsLastValue(int count)
    {
        var labels = string.Join(",", Enumerable.Range(0, count).Select(i => $"\"l{i}\":\"v{i}\""));
        var json = "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{" + labels + ",\"l0\":\"again\"}}}";

        var index = _indexer.Index("pods", Encoding.UTF8.GetBytes(json));

        var expected = Enumerable.Range(0, count).ToDictionary(i => $"l{i}", i => i == 0 ? "again" : $"v{i}");
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), index.Labels.OrderBy(e => e.Key, StringComparer.Ordinal));
        Assert.True(index.Labels.TryGetValue($"l{count - 1}", out var last) && last == $"v{count - 1}");
        Assert.False(index.Labels.ContainsKey("absent"));
    }

    [Fact]
    public void AbsentBooleanField_SelectsAsFalse_AndMissingMetadataIndexesNoName()
    {
        var index = _indexer.Index("nodes", Encoding.UTF8.GetBytes("""{"spec":{"taints":[]},"status":{}}"""));

        Assert.Null(index.Uid);
        Assert.Empty(index.Labels);
        Assert.Equal(new Dictionary<string, string> { ["spec.unschedulable"] = "false" }, index.Fields);
    }

    [Fact]
    public void AbsentIntegerField_SelectsAsZero_AndAPresentOneAsItsDigits()
    {
        Assert.Equal(new Dictionary<string, string> { ["status.replicas"] = "0" }, _indexer.Index("replicationcontrollers", Encoding.UTF8.GetBytes("""{"status":{}}""")).Fields
            .Where(f => f.Key == "status.replicas"));
        Assert.Equal(new Dictionary<string, string> { ["status.replicas"] = "12" }, _indexer.Index("replicationcontrollers", Encoding.UTF8.GetBytes("""{"status":{"replicas":12}}""")).Fields
            .Where(f => f.Key == "status.replicas"));
    }

    [Fact]
    public void EscapedPropertyNames_AndNonStringLeaves_ReadAsTheirText()
    {
        const string json = """{"metadata":{"n\u0061me":"s"},"\u0073pec":{"type":"ClusterIP","clusterIP":{"v":[1, 2]}}}""";

        var index = _indexer.Index("services", Encoding.UTF8.GetBytes(json));

        Assert.Equal("s", index.Fields["metadata.name"]);
        Assert.Equal("ClusterIP", index.Fields["spec.type"]);
        Assert.Equal("""{"v":[1, 2]}""", index.Fields["spec.clusterIP"]);
    }

    /// <summary>
    /// Random objects of every kind with selectable fields, in random property order and with values of every JSON
    /// type at the selectable paths, against a reference written here on a parsed tree.
    /// </summary>
    [Fact]
    public void RandomObjects_IndexAsTheTreeReferenceDoes()
    {
        var random = new Random(20261203);
        var kinds = KindCatalog.All.Where(k => k.SelectableFields.Count > 0).ToList();
        for (var i = 0; i < 3000; i++)
        {
            var kind = kinds[random.Next(kinds.Count)];
            var obj = RandomObject(random, kind.SelectableFields.Select(f => f.Path).ToList());
            var bytes = Encoding.UTF8.GetBytes(obj.ToJsonString());

            var index = _indexer.Index(kind.Type.StorageKey, bytes);

            var (labels, fields, uid) = Reference(JsonNode.Parse(bytes)!.AsObject(), kind.SelectableFields);
            Assert.Equal(uid, index.Uid);
            Assert.Equal(labels, index.Labels);
            Assert.Equal(fields, index.Fields);
        }
    }

    private static JsonObject RandomObject(Random random, List<string> paths)
    {
        var obj = new JsonObject();
        var parts = new List<(string Path, JsonNode? Value)>();
        if (random.Next(10) > 0)
        {
            var meta = new JsonObject();
            if (random.Next(4) > 0) meta["name"] = "n" + random.Next(100);
            if (random.Next(2) > 0) meta["namespace"] = random.Next(3) == 0 ? JsonValue.Create(5) : "ns";
            if (random.Next(2) > 0) meta["uid"] = random.Next(5) == 0 ? null : "uid-" + random.Next(100);
            if (random.Next(2) > 0)
            {
                var labels = new JsonObject();
                for (var l = random.Next(4); l > 0; l--) labels["k" + random.Next(6)] = RandomLeaf(random);
                meta["labels"] = labels;
            }
            meta["annotations"] = new JsonObject { ["a"] = "b" };
            parts.Add(("metadata", meta));
        }
        foreach (var path in paths.Where(_ => random.Next(3) > 0))
        {
            parts.Add((path, RandomLeaf(random)));
        }
        parts.Add(("spec.extra", new JsonArray(new JsonObject { ["nodeName"] = "decoy" })));
        parts.Add(("status.extra", new JsonObject { ["phase"] = "decoy" }));
        foreach (var (path, value) in parts.OrderBy(_ => random.Next()))
        {
            Set(obj, path.Split('.'), value, random);
        }
        return obj;
    }

    private static JsonNode? RandomLeaf(Random random) => random.Next(7) switch
    {
        0 => null,
        1 => JsonValue.Create(true),
        2 => JsonValue.Create(false),
        3 => JsonValue.Create(random.Next(1000)),
        4 => new JsonObject { ["x"] = "y" },
        5 => "va\"l\u00e9" + random.Next(10),
        _ => "v" + random.Next(10),
    };

    private static void Set(JsonObject obj, string[] path, JsonNode? value, Random random)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            if (obj[path[i]] is not JsonObject next)
            {
                // Sometimes the parent is not an object at all: then nothing below it exists.
                if (obj.ContainsKey(path[i])) return;
                next = new JsonObject();
                obj[path[i]] = random.Next(25) == 0 ? JsonValue.Create("scalar") : next;
                if (obj[path[i]] is not JsonObject) return;
            }
            obj = next;
        }
        obj[path[^1]] = value;
    }

    private static (Dictionary<string, string> Labels, Dictionary<string, string> Fields, string? Uid) Reference(
        JsonObject root, IReadOnlyList<SelectableField> selectable)
    {
        var labels = new Dictionary<string, string>();
        var fields = new Dictionary<string, string>();
        string? uid = null;
        if (root["metadata"] is JsonObject meta)
        {
            foreach (var (key, value) in meta["labels"] as JsonObject ?? [])
            {
                labels[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "";
            }
            fields["metadata.name"] = StringOrEmpty(meta["name"]);
            fields["metadata.namespace"] = StringOrEmpty(meta["namespace"]);
            uid = meta["uid"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : null;
        }
        foreach (var field in selectable)
        {
            JsonNode? node = root;
            foreach (var part in field.Path.Split('.'))
            {
                node = node is JsonObject o ? o[part] : null;
            }
            var text = node switch
            {
                null => "",
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                _ => node.ToJsonString(),
            };
            fields[field.Name] = text.Length > 0 ? text : field.Boolean ? "false" : field.Integer ? "0" : text;
        }
        return (labels, fields, uid);
    }

    private static string StringOrEmpty(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : "";
}
