using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s.Models;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// intstr.IntOrString as upstream reads and writes it: a JSON string stays a string, even <c>"80"</c> (the client
/// library's converter writes that back as 80), and a number stays a number.
/// </summary>
internal sealed class IntOrStringConverter : JsonConverter<IntOrString>
{
    public override IntOrString Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => IntOrStringType.FromString(reader.GetString()!),
        JsonTokenType.Number => reader.GetInt64(),
        // The library's own converter throws this too; GoDecodeError words it as encoding/json would.
        _ => throw new NotSupportedException(),
    };

    public override void Write(Utf8JsonWriter writer, IntOrString value, JsonSerializerOptions options)
    {
        // One parse answers both questions: text that is no integer is a string, and an integer is one only if quoted.
        if (long.TryParse(value.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && !IntOrStringType.WasQuoted(value))
        {
            writer.WriteNumberValue(number);
            return;
        }
        writer.WriteStringValue(value.Value);
    }
}
