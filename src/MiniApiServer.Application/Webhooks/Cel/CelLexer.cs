using System.Globalization;
using System.Text;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>CEL's tokens: identifiers, string (plain, triple-quoted, raw), int, uint, double literals, operators and punctuation.</summary>
internal static class CelLexer
{
    public static List<CelToken> Tokens(string text)
    {
        var tokens = new List<CelToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (c is 'r' or 'R' && i + 1 < text.Length && text[i + 1] is '"' or '\'')
            {
                i++;
                tokens.Add(new CelToken(CelTokenKind.Literal, "string", ReadString(text, ref i, raw: true)));
                continue;
            }
            if (c is 'b' or 'B' && i + 1 < text.Length && text[i + 1] is '"' or '\'')
            {
                throw new CelException("Syntax error: bytes literals are not supported");
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new CelToken(CelTokenKind.Identifier, text[start..i]));
                continue;
            }
            if (char.IsAsciiDigit(c) || (c == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(Number(text, ref i));
                continue;
            }
            if (c is '"' or '\'')
            {
                tokens.Add(new CelToken(CelTokenKind.Literal, "string", ReadString(text, ref i, raw: false)));
                continue;
            }
            var two = i + 1 < text.Length ? text.Substring(i, 2) : "";
            if (two is "&&" or "||" or "==" or "!=" or "<=" or ">=")
            {
                tokens.Add(new CelToken(CelTokenKind.Operator, two));
                i += 2;
                continue;
            }
            if ("!<>+-*/%?:.,()[]{}".Contains(c, StringComparison.Ordinal))
            {
                tokens.Add(new CelToken(CelTokenKind.Operator, c.ToString()));
                i++;
                continue;
            }
            throw new CelException($"Syntax error: token recognition error at: '{c}'");
        }
        tokens.Add(new CelToken(CelTokenKind.End, ""));
        return tokens;
    }

    /// <summary>
    /// An int (decimal or 0x hex), a uint (suffix u) or a double (a fraction or an exponent). A decimal int past int64's
    /// range is kept as a ulong for the parser, which allows only -9223372036854775808 of those.
    /// </summary>
    private static CelToken Number(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }
            var hex = text[(start + 2)..i];
            var unsignedHex = Suffix(text, ref i);
            return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) && (unsignedHex || h <= long.MaxValue)
                ? new CelToken(CelTokenKind.Literal, text[start..i], unsignedHex ? h : (long)h)
                : throw new CelException($"Syntax error: invalid int literal: {text[start..i]}");
        }
        var isDouble = false;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isDouble = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        if (i < text.Length && text[i] is 'e' or 'E')
        {
            isDouble = true;
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        var number = text[start..i];
        if (isDouble)
        {
            return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
                ? new CelToken(CelTokenKind.Literal, number, d)
                : throw new CelException($"Syntax error: invalid double literal: {number}");
        }
        var unsigned = Suffix(text, ref i);
        if (!ulong.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            throw new CelException($"Syntax error: invalid int literal: {number}");
        }
        return new CelToken(CelTokenKind.Literal, text[start..i], unsigned || value > long.MaxValue ? value : (long)value);
    }

    private static bool Suffix(string text, ref int i)
    {
        if (i < text.Length && text[i] is 'u' or 'U')
        {
            i++;
            return true;
        }
        return false;
    }

    private static string ReadString(string text, ref int i, bool raw)
    {
        var quote = text[i];
        var triple = i + 2 < text.Length && text[i + 1] == quote && text[i + 2] == quote;
        i += triple ? 3 : 1;
        var value = new StringBuilder();
        while (i < text.Length)
        {
            if (triple ? i + 2 < text.Length && text[i] == quote && text[i + 1] == quote && text[i + 2] == quote : text[i] == quote)
            {
                i += triple ? 3 : 1;
                return value.ToString();
            }
            if (!triple && text[i] == '\n')
            {
                break;
            }
            if (!raw && text[i] == '\\' && i + 1 < text.Length)
            {
                try
                {
                    Escape(text, ref i, value);
                }
                catch (ArgumentOutOfRangeException)
                {
                    // A surrogate half or a code point past U+10FFFF.
                    throw new CelException("Syntax error: invalid escape sequence");
                }
                continue;
            }
            value.Append(text[i++]);
        }
        throw new CelException("Syntax error: unterminated string");
    }

    /// <summary>One escape sequence (cel-spec: \n \t \r \a \b \f \v, \\ \' \" \`, \?, \xHH, \uHHHH, \UHHHHHHHH, \ooo).</summary>
    private static void Escape(string text, ref int i, StringBuilder value)
    {
        var kind = text[i + 1];
        i += 2;
        switch (kind)
        {
            case 'n': value.Append('\n'); break;
            case 't': value.Append('\t'); break;
            case 'r': value.Append('\r'); break;
            case 'a': value.Append('\a'); break;
            case 'b': value.Append('\b'); break;
            case 'f': value.Append('\f'); break;
            case 'v': value.Append('\v'); break;
            case '\\' or '\'' or '"' or '`' or '?': value.Append(kind); break;
            case 'x' or 'X': value.Append(char.ConvertFromUtf32(Code(text, ref i, 2, 16))); break;
            case 'u': value.Append(char.ConvertFromUtf32(Code(text, ref i, 4, 16))); break;
            case 'U': value.Append(char.ConvertFromUtf32(Code(text, ref i, 8, 16))); break;
            case >= '0' and <= '3':
                i--;
                value.Append(char.ConvertFromUtf32(Code(text, ref i, 3, 8)));
                break;
            default: throw new CelException($"Syntax error: invalid escape sequence '\\{kind}'");
        }
    }

    private static int Code(string text, ref int i, int digits, int radix)
    {
        if (i + digits > text.Length)
        {
            throw new CelException("Syntax error: invalid escape sequence");
        }
        // Digits checked one by one: Convert.ToInt32 would take a sign ("\x+1") or throw on one it refuses ("\x-1").
        var code = 0;
        for (var k = 0; k < digits; k++)
        {
            var digit = HexDigit(text[i + k]);
            if (digit < 0 || digit >= radix)
            {
                throw new CelException("Syntax error: invalid escape sequence");
            }
            code = code * radix + digit;
        }
        i += digits;
        return code;
    }

    private static int HexDigit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
