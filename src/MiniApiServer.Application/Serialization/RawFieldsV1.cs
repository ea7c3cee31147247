using System.Text.Json.Serialization;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// A managedFields entry's fieldsV1 as its JSON bytes, as upstream's metav1.FieldsV1 holds it (<c>Raw []byte</c>,
/// apimachinery/pkg/apis/meta/v1/types.go). A stored object's decode puts one in the model's untyped member instead of a
/// JsonElement: the field set is about half of a created pod's bytes, and as a JsonElement it was a copy of them plus
/// the document's token table, allocated by every decode and kept by every cached model. Nothing here reads the set
/// from a model (field management works on the JSON), so the bytes only have to be written back as they are.
/// </summary>
[JsonConverter(typeof(RawFieldsV1Converter))]
public sealed class RawFieldsV1(ReadOnlyMemory<byte> utf8)
{
    /// <summary>One JSON value, compact; a slice of the stored object it was decoded from, which never changes.</summary>
    public ReadOnlyMemory<byte> Utf8 { get; } = utf8;

    public override string ToString() => System.Text.Encoding.UTF8.GetString(Utf8.Span);
}
