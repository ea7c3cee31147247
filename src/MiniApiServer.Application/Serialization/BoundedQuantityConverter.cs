using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Checks a quantity's syntax and size before the client library parses it. ResourceQuantity expands the
/// number into an exact fraction, so "1e999999" would cost minutes of CPU inside one request; Go's
/// inf.Dec keeps the exponent as a scale and never expands it (apimachinery pkg/api/resource/quantity.go).
/// </summary>
public sealed partial class BoundedQuantityConverter : JsonConverter<ResourceQuantity>
{
    public const int MaxLength = 64;
    public const int MaxExponent = 64;

    private const string Message = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    [GeneratedRegex("^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$")]
    private static partial Regex Syntax();

    [GeneratedRegex("[eE]([-+]?[0-9]+)$")]
    private static partial Regex Exponent();

    public override bool HandleNull => true;

    public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        string text = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString() ?? "",
            JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
            // Go decodes null into the zero Quantity; returning null would leave a hole validation trips over.
            JsonTokenType.Null => "0",
            _ => throw new JsonException(Message),
        };
        if (text.Length > MaxLength || !Syntax().IsMatch(text))
        {
            throw new JsonException(Message);
        }
        if (Exponent().Match(text) is { Success: true } m
            && (!int.TryParse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture, out var e) || Math.Abs(e) > MaxExponent))
        {
            throw new JsonException($"quantity exponent out of range (at most {MaxExponent}): {text}");
        }
        try
        {
            return new ResourceQuantity(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new JsonException(Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
