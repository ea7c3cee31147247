using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniApiServer.Application.Serialization;

/// <summary>Writes a <see cref="RawFieldsV1"/> as the JSON it holds, wherever a model that carries one is serialized.</summary>
public sealed class RawFieldsV1Converter : JsonConverter<RawFieldsV1>
{
    public override RawFieldsV1 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return new RawFieldsV1(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(document.RootElement).ToArray());
    }

    public override void Write(Utf8JsonWriter writer, RawFieldsV1 value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>
    /// The bytes as they are when they hold no \u escape: then they are what a JsonElement of them writes with the
    /// stored form's relaxed encoder, so a model re-encoded for the store comes out byte-identical. Bytes with one (a
    /// copy made with the strict encoder, a control character) are written through a document, as before.
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, RawFieldsV1 value)
    {
        var utf8 = value.Utf8.Span;
        if (utf8.IndexOf("\\u"u8) < 0)
        {
            writer.WriteRawValue(utf8, skipInputValidation: true);
            return;
        }
        using var document = JsonDocument.Parse(value.Utf8);
        document.RootElement.WriteTo(writer);
    }
}
