using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniApiServer.Application.Serialization;

/// <summary>Reads every string and dictionary key of a decode through <see cref="Utf8StringPool"/>.</summary>
public sealed class InterningStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String ? Utf8StringPool.GetString(ref reader) : reader.GetString();

    public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        Utf8StringPool.GetString(ref reader);

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
}
