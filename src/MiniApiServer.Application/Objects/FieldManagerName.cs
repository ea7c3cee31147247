using System.Globalization;
using System.Text;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// The fieldManager rules of apimachinery's ValidateFieldManager (at most 128 bytes, every character printable) and
/// the name a write without one is recorded under (apiserver's prefixFromUserAgent, endpoints/handlers/create.go).
/// </summary>
public static class FieldManagerName
{
    public const int MaxLength = 128;

    /// <summary>The User-Agent up to its first "/", without unprintable characters, cut to what fits in 128 bytes.</summary>
    public static string FromUserAgent(string? userAgent)
    {
        if (string.IsNullOrEmpty(userAgent))
        {
            return "";
        }
        var slash = userAgent.IndexOf('/', StringComparison.Ordinal);
        var prefix = slash < 0 ? userAgent : userAgent[..slash];
        var name = new StringBuilder(prefix.Length);
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (!IsPrint(rune))
            {
                continue;
            }
            if (bytes + rune.Utf8SequenceLength > MaxLength)
            {
                break;
            }
            bytes += rune.Utf8SequenceLength;
            name.Append(rune.ToString());
        }
        return name.ToString();
    }

    /// <summary>ValidateFieldManager: at most 128 bytes, and each unprintable character named by its byte offset.</summary>
    public static void Validate(string fieldManager, FieldErrors errors)
    {
        if (Encoding.UTF8.GetByteCount(fieldManager) > MaxLength)
        {
            errors.TooLong("fieldManager", MaxLength);
        }
        var offset = 0;
        foreach (var rune in fieldManager.EnumerateRunes())
        {
            if (!IsPrint(rune))
            {
                // Go ranges over the string's bytes (the offset) and prints the rune with %#U, which names only a printable one.
                errors.Invalid("fieldManager", fieldManager,
                    $"invalid character U+{rune.Value.ToString("X4", CultureInfo.InvariantCulture)} (at position {offset.ToString(CultureInfo.InvariantCulture)})");
            }
            offset += rune.Utf8SequenceLength;
        }
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool IsPrint(Rune rune) =>
        rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
                or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation
                or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
                or UnicodeCategory.OtherPunctuation
                or UnicodeCategory.MathSymbol or UnicodeCategory.CurrencySymbol or UnicodeCategory.ModifierSymbol or UnicodeCategory.OtherSymbol => true,
            _ => false,
        };
}
