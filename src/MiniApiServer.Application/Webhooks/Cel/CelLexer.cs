using System.Globalization;
using System.Text;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>CEL's tokens: identifiers, string, int, double, bool and null literals, operators and punctuation.</summary>
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
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
                {
                    i++;
                }
                var number = text[start..i];
                if (i < text.Length && text[i] is 'u' or 'U')
                {
                    i++;
                }
                tokens.Add(number.Contains('.', StringComparison.Ordinal)
                    ? new CelToken(CelTokenKind.Literal, number, double.Parse(number, CultureInfo.InvariantCulture))
                    : new CelToken(CelTokenKind.Literal, number, long.Parse(number, CultureInfo.InvariantCulture)));
                continue;
            }
            if (c is '"' or '\'')
            {
                tokens.Add(new CelToken(CelTokenKind.Literal, "string", ReadString(text, ref i)));
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

    private static string ReadString(string text, ref int i)
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
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                i += 2;
                continue;
            }
            value.Append(text[i++]);
        }
        throw new CelException("Syntax error: unterminated string");
    }
}
