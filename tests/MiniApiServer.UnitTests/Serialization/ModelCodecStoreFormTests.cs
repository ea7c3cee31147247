using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

public sealed class ModelCodecStoreFormTests
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"d","uid":"u","creationTimestamp":"2024-01-01T00:00:00Z","labels":{"a":"<b>&'\"é☃"},"annotations":{"x":"line\nbreak \u2028 \\ /"}},"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":"500m","memory":"1Gi"}}}]},"status":{"phase":"Pending"}}""")]
    [InlineData("""{"apiVersion":"v1","kind":"Pod","metadata":{},"spec":{"containers":[]}}""")]
    public void EncodeForStore_WithSplicedRevision_MatchesEncodeThenStamp(string body)
    {
        var model = ModelCodec.Decode<V1Pod>(JsonNode.Parse(body)!.AsObject());

        var viaNode = ModelCodec.Encode(model);
        var meta = viaNode["metadata"] as JsonObject ?? new JsonObject();
        viaNode["metadata"] = meta;
        meta["resourceVersion"] = "42";
        var expected = JsonSerializer.SerializeToUtf8Bytes(viaNode, Relaxed);

        var encoded = ModelCodec.EncodeForStore(model, out var at);
        Assert.True(at > 0);
        var field = (encoded[at - 1] == (byte)'{' ? "" : ",") + "\"resourceVersion\":\"42\"";
        var actual = Encoding.UTF8.GetString(encoded, 0, at) + field + Encoding.UTF8.GetString(encoded, at, encoded.Length - at);

        Assert.Equal(Encoding.UTF8.GetString(expected), actual);
    }
}
