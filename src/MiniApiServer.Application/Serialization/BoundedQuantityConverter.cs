using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Checks a quantity's syntax and size before the client library parses it. ResourceQuantity expands the
/// number into an exact fraction, so "1e999999" would cost minutes of CPU inside one request; Go's
/// inf.Dec keeps the exponent as a scale and never expands it (apimachinery pkg/api/resource/quantity.go).
/// Parsing and canonicalising go through BigInteger fractions, ~6% of a pod create's CPU for the dozen quantities a
/// pod carries, and the same few texts ("100m", "128Mi") recur, so each text's instance and canonical form are
/// kept. The instances are shared between models; ResourceQuantity has no setters (a unit test holds it to that).
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

    // Bounded so that a client sending unique quantities cannot grow it; past the bound, quantities are parsed as before.
    private const int MaxCached = 4096;

    private static readonly ConcurrentDictionary<string, ResourceQuantity> ByText = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<ResourceQuantity, string> CanonicalText = new(ReferenceEqualityComparer.Instance);

    // The client library canonicalises a negative value as a fraction of its largest suffix ("-1" became
    // "-0.000000000000000001E"); upstream writes the sign before the canonical magnitude ("-1", "-1536Mi").
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ResourceQuantity, string> NegativeText = [];

    public override bool HandleNull => true;

    public override ResourceQuantity? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && reader.ValueSpan.Length <= MaxLength)
        {
            Span<char> chars = stackalloc char[MaxLength];
            var text = chars[..reader.CopyString(chars)];
            if (ByText.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var known))
            {
                return known;
            }
        }
        var parsed = Parse(ref reader);
        if (ByText.Count < MaxCached && parsed.Text is { } key)
        {
            ByText.TryAdd(key, parsed.Quantity);
            CanonicalText.TryAdd(parsed.Quantity, Canonical(parsed.Quantity));
        }
        return parsed.Quantity;
    }

    private static (ResourceQuantity Quantity, string? Text) Parse(ref Utf8JsonReader reader)
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
            // Only string tokens are cached: a number or null decodes to the same quantity but is rarer.
            var quantity = new ResourceQuantity(text);
            if (text.StartsWith('-') && quantity.ToDouble() < 0)
            {
                NegativeText.AddOrUpdate(quantity, "-" + new ResourceQuantity(text[1..]).ToString());
            }
            return (quantity, reader.TokenType == JsonTokenType.String ? text : null);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            throw new JsonException(Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, ResourceQuantity value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Canonical(value));

    /// <summary>
    /// Quantity.UnmarshalJSON's error for a decode failure: this converter's own words, never the client library's parser's
    /// (a text the pattern admits but the library cannot read, "1.2.3", is upstream's format error too).
    /// </summary>
    public static string ErrorOf(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is JsonException json && (json.Message == Message || json.Message.StartsWith("quantity exponent out of range", StringComparison.Ordinal)))
            {
                return json.Message;
            }
        }
        return Message;
    }

    /// <summary>The quantity's canonical text, as Quantity.String() gives it, negative values included.</summary>
    public static string Canonical(ResourceQuantity value) =>
        CanonicalText.TryGetValue(value, out var text) || NegativeText.TryGetValue(value, out text) ? text : value.ToString();
}
