using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// A stored object's managedFields[].fieldsV1 decodes to the stored bytes themselves (upstream's metav1.FieldsV1 is
/// <c>Raw []byte</c>) and is written back unchanged: the stored form of a decoded model is byte-identical to what it
/// was decoded from, as it was when the set was a JsonElement.
/// </summary>
public sealed class RawFieldsV1Tests
{
    private const string Fields = """{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:containers":{"k:{\"name\":\"web\"}":{".":{},"f:image":{},"f:name":{}}}}}""";

    private static string StoredPod(string fields) =>
        """{"apiVersion":"v1","kind":"Pod","metadata":{"labels":{"app":"a"},"managedFields":[{"apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":"""
        + fields
        + ""","manager":"kubectl","operation":"Update","time":"2026-12-06T05:41:42Z"}],"name":"p","namespace":"d","uid":"u"},"spec":{"containers":[{"image":"i","name":"web"}]}}""";

    [Fact]
    public void SharedModel_HoldsTheFieldSetAsASliceOfItsVersionsBytes()
    {
        var stored = Encoding.UTF8.GetBytes(StoredPod(Fields));
        var version = new StoredObject
        {
            Resource = "pods",
            Namespace = "d",
            Name = "p",
            ResourceVersion = 7,
            Json = stored,
            Index = new ResourceIndexer().Index("pods", stored),
        };

        var pod = ModelCodec.DecodeShared<V1Pod>(version);

        var raw = Assert.IsType<RawFieldsV1>(pod.Metadata.ManagedFields[0].FieldsV1);
        Assert.Equal(Fields, Encoding.UTF8.GetString(raw.Utf8.Span));
        Assert.True(MemoryMarshal.TryGetArray(raw.Utf8, out var segment));
        Assert.Same(stored, segment.Array);
        Assert.Equal(StoredPod(Fields).IndexOf(Fields, StringComparison.Ordinal), segment.Offset);
    }

    /// <summary>A model a writer may change and store as the next version must not keep this version's bytes alive.</summary>
    [Fact]
    public void WritersDecode_CopiesTheFieldSetAlone()
    {
        var stored = Encoding.UTF8.GetBytes(StoredPod(Fields));

        var pod = ModelCodec.Decode<V1Pod>(stored);

        var raw = Assert.IsType<RawFieldsV1>(pod.Metadata.ManagedFields[0].FieldsV1);
        Assert.Equal(Fields, Encoding.UTF8.GetString(raw.Utf8.Span));
        Assert.True(MemoryMarshal.TryGetArray(raw.Utf8, out var segment));
        Assert.NotSame(stored, segment.Array);
        Assert.Equal(Encoding.UTF8.GetByteCount(Fields), segment.Array!.Length);
    }

    [Fact]
    public void StoredDecode_ThenEncodeForStore_IsByteIdentical()
    {
        var stored = StoredPod(Fields);
        var model = ModelCodec.Decode<V1Pod>(Encoding.UTF8.GetBytes(stored));

        var encoded = ModelCodec.EncodeForStore(model, out _);

        Assert.Equal(stored, Encoding.UTF8.GetString(encoded));
        // Written by the pod's generated writer, not handed back to the reflection serializer (asked directly: the
        // process-wide fallback counter moves with whatever other test classes encode in parallel).
        Assert.Equal(stored, Encoding.UTF8.GetString(StoredKindWriters.TryWrite(model)!));
    }

    [Theory]
    // A \u escape the relaxed encoder writes as it is (a control character) and one it writes as the character.
    [InlineData("""{"f:metadata":{"f:annotations":{"f:a\u0001b":{}}}}""")]
    [InlineData("""{"f:metadata":{"f:annotations":{"f:caf\u00e9":{},"f:x\u0022y":{}}}}""")]
    public void EscapedFieldSet_IsWrittenAsAJsonElementOfItWouldBe(string fields)
    {
        var expectedModel = ModelCodec.Decode<V1Pod>(Encoding.UTF8.GetBytes(StoredPod(Fields)));
        expectedModel.Metadata.ManagedFields[0].FieldsV1 = JsonDocument.Parse(fields).RootElement.Clone();
        var expected = ModelCodec.EncodeForStore(expectedModel, out _);

        var decoded = ModelCodec.Decode<V1Pod>(Encoding.UTF8.GetBytes(StoredPod(fields)));
        var actual = ModelCodec.EncodeForStore(decoded, out _);

        Assert.IsType<RawFieldsV1>(decoded.Metadata.ManagedFields[0].FieldsV1);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.DoesNotContain("\\u00e9", Encoding.UTF8.GetString(actual), StringComparison.Ordinal);
    }

    [Fact]
    public void StrictEncoderCopy_KeepsTheSameFieldSet()
    {
        var decoded = ModelCodec.Decode<V1Pod>(Encoding.UTF8.GetBytes(StoredPod(Fields)));

        var copy = JsonNode.Parse(ModelCodec.EncodeBytes(decoded))!;

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Fields), copy["metadata"]!["managedFields"]![0]!["fieldsV1"]));
        Assert.Equal("kubectl", (string?)copy["metadata"]!["managedFields"]![0]!["manager"]);
    }

    [Fact]
    public void RequestBodyDecode_StillGivesAJsonElement()
    {
        var body = JsonNode.Parse(StoredPod(Fields))!.AsObject();

        var pod = ModelCodec.Decode<V1Pod>(body);

        var element = Assert.IsType<JsonElement>(pod.Metadata.ManagedFields[0].FieldsV1);
        Assert.Equal(JsonValueKind.Object, element.ValueKind);
    }

    [Fact]
    public void ConverterOnItsOwn_ReadsACopy()
    {
        var raw = JsonSerializer.Deserialize<RawFieldsV1>(Encoding.UTF8.GetBytes(Fields))!;

        Assert.Equal(Fields, raw.ToString());
        Assert.Equal(Fields, JsonSerializer.Serialize(raw));
    }
}
