using System.Globalization;
using System.Text;

namespace MiniApiServer.Application.Errors;

/// <summary>
/// strconv.Quote, which %q and field.Error use for a string: printable runes as they are (emoji and accents included),
/// the C escapes Go knows (\a \b \f \n \r \t \v), other control characters as \xNN, other unprintable runes as \uNNNN
/// or \UNNNNNNNN. JSON's escaping differs in all three (\u0007 for \a, surrogate pairs for emoji).
/// </summary>
public static class GoQuote
{
    public static string Of(string s)
    {
        var text = new StringBuilder(s.Length + 2).Append('"');
        foreach (var rune in s.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\a': text.Append("\\a"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\v': text.Append("\\v"); break;
                case var v when IsPrint(rune): text.Append(rune.ToString()); break;
                case var v when v < ' ' || v == 0x7f: text.Append("\\x").Append(v.ToString("x2", CultureInfo.InvariantCulture)); break;
                case var v when v < 0x10000: text.Append("\\u").Append(v.ToString("x4", CultureInfo.InvariantCulture)); break;
                case var v: text.Append("\\U").Append(v.ToString("x8", CultureInfo.InvariantCulture)); break;
            }
        }
        return text.Append('"').ToString();
    }

    // unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space; no other space, control or format rune.
    private static bool IsPrint(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Control
            or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned => false,
        _ => true,
    };
}
