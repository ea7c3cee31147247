using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// Models decoded from a body or from storage keep small maps compact and large ones as dictionaries, with the same
/// entries, order, null values and duplicate-key rules as System.Text.Json's own dictionary decode.
/// </summary>
public sealed class CompactMapConverterTests
{
    private static string Labels(int count) =>
        "{" + string.Join(",", Enumerable.Range(0, count).Select(i => $"\"key-{count - i}\":\"value-{i}\"")) + "}";

    private static byte[] ConfigMap(string data) =>
        Encoding.UTF8.GetBytes($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":{{data}}},"data":{{data}}}""");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(60)]
    [InlineData(300)]
    public void Maps_KeepEveryEntryInOrder_CompactUpTo16(int count)
    {
        var json = ConfigMap(Labels(count));
        var stored = ModelCodec.Decode<V1ConfigMap>(json);
        var maps = new List<IDictionary<string, string>> { stored.Data, stored.Metadata.Labels };
        // A body with an object of more than 64 keys takes the JsonNode path (JsonShape.NeedsJsonNodePath).
        if (count <= 64)
        {
            var fromBody = Assert.IsType<V1ConfigMap>(ModelCodec.TryDecodeBody(json, typeof(V1ConfigMap)));
            maps.AddRange([fromBody.Data, fromBody.Metadata.Labels]);
        }

        foreach (var map in maps)
        {
            Assert.Equal(Enumerable.Range(0, count).Select(i => ($"key-{count - i}", $"value-{i}")), map.Select(e => (e.Key, e.Value)));
            Assert.Equal(count <= 16 ? typeof(CompactMap<string>) : typeof(Dictionary<string, string>), map.GetType());
        }
    }

    [Fact]
    public void Quantities_DecodeThroughTheBoundedParser_AndCompare()
    {
        var json = Encoding.UTF8.GetBytes("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p"},
             "spec":{"containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"100m","memory":"1Gi"},"limits":{"cpu":"0.5"}}}]}}
            """);
        var pod = Assert.IsType<V1Pod>(ModelCodec.TryDecodeBody(json, typeof(V1Pod)));
        var resources = pod.Spec.Containers[0].Resources;

        Assert.IsType<CompactMap<ResourceQuantity>>(resources.Requests);
        Assert.Equal(0.1m, resources.Requests["cpu"].ToDecimal());
        Assert.Equal(1024m * 1024 * 1024, resources.Requests["memory"].ToDecimal());
        Assert.Equal(0.5m, resources.Limits["cpu"].ToDecimal());
        Assert.Null(ModelCodec.TryDecodeBody(Encoding.UTF8.GetBytes(
            """{"metadata":{"name":"p"},"spec":{"containers":[{"name":"c","resources":{"requests":{"cpu":"1e999999"}}}]}}"""), typeof(V1Pod)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(40)]
    public void DuplicateKey_RefusesTheBody_AndTheLastWinsInAStoredObject(int count)
    {
        var data = Labels(count)[..^1] + ",\"key-1\":\"again\"}";
        var json = ConfigMap(data);

        Assert.Null(ModelCodec.TryDecodeBody(json, typeof(V1ConfigMap)));
        var stored = ModelCodec.Decode<V1ConfigMap>(json);
        Assert.Equal("again", stored.Data["key-1"]);
        Assert.Equal(count, stored.Data.Count);
    }

    [Fact]
    public void ANullStringValue_IsGosEmptyString_AndANullMapStaysNull()
    {
        // encoding/json (and sigs.k8s.io/json) stores a map element's zero value for null: {"a":null} is map["a":""].
        var json = Encoding.UTF8.GetBytes("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","labels":null,"annotations":{"n":null}},"data":{"a":null,"b":"x"}}""");
        var map = Assert.IsType<V1ConfigMap>(ModelCodec.TryDecodeBody(json, typeof(V1ConfigMap)));

        Assert.Null(map.Metadata.Labels);
        Assert.Equal([new("a", ""), new("b", "x")], map.Data.ToArray());
        Assert.Equal([new("n", "")], map.Metadata.Annotations.ToArray());
        Assert.Contains("\"data\":{\"a\":\"\",\"b\":\"x\"}", Encoding.UTF8.GetString(ModelCodec.EncodeForStore(map, out _)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"c"},"data":["a"]}""")]
    [InlineData("""{"metadata":{"name":"c"},"data":{"a":1}}""")]
    [InlineData("""{"metadata":{"name":"c"},"data":{"a":{"b":"c"}}}""")]
    [InlineData("""{"metadata":{"name":"c"},"data":"a"}""")]
    public void WrongShapes_AreDeclined_ForTheJsonNodePathToExplain(string body)
    {
        Assert.Null(ModelCodec.TryDecodeBody(Encoding.UTF8.GetBytes(body), typeof(V1ConfigMap)));
    }

    [Fact]
    public void ADecodedModel_EncodesToTheSameJson()
    {
        var json = ConfigMap(Labels(5));
        var decoded = ModelCodec.Decode<V1ConfigMap>(json);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), ModelCodec.Encode(decoded)));
    }
}
