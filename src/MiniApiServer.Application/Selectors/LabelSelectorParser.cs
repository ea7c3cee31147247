using System.Globalization;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Selectors;

/// <summary>
/// apimachinery pkg/labels/selector.go's Lexer and Parser, so a selector parses (and fails) as upstream's does, with
/// its messages: <c>unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt</c>.
/// </summary>
internal sealed class LabelSelectorParser
{
    private const string BinaryOperators = "in, notin, =, ==, !=, gt, lt";

    private enum Token { Error, EndOfString, ClosedPar, Comma, DoesNotExist, DoubleEquals, EqualsSign, GreaterThan, Identifier, In, LessThan, NotEquals, NotIn, OpenPar }

    private static readonly Dictionary<string, Token> Literals = new(StringComparer.Ordinal)
    {
        [")"] = Token.ClosedPar, [","] = Token.Comma, ["!"] = Token.DoesNotExist, ["=="] = Token.DoubleEquals, ["="] = Token.EqualsSign,
        [">"] = Token.GreaterThan, ["in"] = Token.In, ["<"] = Token.LessThan, ["!="] = Token.NotEquals, ["notin"] = Token.NotIn, ["("] = Token.OpenPar,
    };

    private readonly List<(Token Token, string Literal)> _items;
    private int _position;

    private LabelSelectorParser(string text) => _items = Lex(text);

    public static List<Requirement> Parse(string text) => new LabelSelectorParser(text).ParseAll();

    private List<Requirement> ParseAll()
    {
        var requirements = new List<Requirement>();
        while (true)
        {
            var (token, literal) = Lookahead(values: true);
            switch (token)
            {
                case Token.Identifier or Token.DoesNotExist:
                    requirements.Add(ParseRequirementOrThrow());
                    var (next, nextLiteral) = Consume(values: true);
                    if (next == Token.EndOfString)
                    {
                        return requirements;
                    }
                    if (next != Token.Comma)
                    {
                        throw new FormatException($"found '{nextLiteral}', expected: ',' or 'end of string'");
                    }
                    var (after, afterLiteral) = Lookahead(values: true);
                    if (after is not (Token.Identifier or Token.DoesNotExist))
                    {
                        throw new FormatException($"found '{afterLiteral}', expected: identifier after ','");
                    }
                    break;
                case Token.EndOfString:
                    return requirements;
                default:
                    throw new FormatException($"found '{literal}', expected: !, identifier, or 'end of string'");
            }
        }
    }

    private Requirement ParseRequirementOrThrow()
    {
        try
        {
            return ParseRequirement();
        }
        catch (FormatException ex)
        {
            throw new FormatException($"unable to parse requirement: {ex.Message}");
        }
    }

    private Requirement ParseRequirement()
    {
        var (token, literal) = Consume(values: true);
        var doesNotExist = token == Token.DoesNotExist;
        if (doesNotExist)
        {
            (token, literal) = Consume(values: true);
        }
        if (token != Token.Identifier)
        {
            throw new FormatException($"found '{literal}', expected: identifier");
        }
        var key = literal;
        // The parser's own path is nil, which field.Error prints as <nil>; validateLabelKey (labels/selector.go) joins
        // IsQualifiedName's messages into one.
        if (ObjectMetaValidation.QualifiedNameErrors(key) is { Count: > 0 } keyErrors)
        {
            throw new FormatException($"<nil>: Invalid value: {GoSyntax.Quote(key)}: {string.Join("; ", keyErrors)}");
        }
        if (Lookahead(values: true).Token is Token.EndOfString or Token.Comma)
        {
            return new Requirement(key, doesNotExist ? SelectorOperator.DoesNotExist : SelectorOperator.Exists, []);
        }
        if (doesNotExist)
        {
            // "!a=b": upstream infers DoesNotExist and then finds an operator where none may follow.
            return new Requirement(key, SelectorOperator.DoesNotExist, []);
        }
        var op = ParseOperator();
        var values = op is SelectorOperator.In or SelectorOperator.NotIn ? ParseValues() : ParseExactValue();
        return Validated(key, op, values.Order(StringComparer.Ordinal).ToList());
    }

    private SelectorOperator ParseOperator()
    {
        var (token, literal) = Consume(values: false);
        return token switch
        {
            Token.In => SelectorOperator.In,
            Token.EqualsSign or Token.DoubleEquals => SelectorOperator.Equals,
            Token.GreaterThan => SelectorOperator.GreaterThan,
            Token.LessThan => SelectorOperator.LessThan,
            Token.NotIn => SelectorOperator.NotIn,
            Token.NotEquals => SelectorOperator.NotEquals,
            _ => throw new FormatException($"found '{literal}', expected: {BinaryOperators}"),
        };
    }

    private HashSet<string> ParseValues()
    {
        var (token, literal) = Consume(values: true);
        if (token != Token.OpenPar)
        {
            throw new FormatException($"found '{literal}' expected: '('");
        }
        (token, literal) = Lookahead(values: true);
        switch (token)
        {
            case Token.Identifier or Token.Comma:
                var set = ParseIdentifiers();
                if (Consume(values: true).Token != Token.ClosedPar)
                {
                    throw new FormatException($"found '{literal}', expected: ')'");
                }
                return set;
            case Token.ClosedPar:
                Consume(values: true);
                return [""];
            default:
                throw new FormatException($"found '{literal}', expected: ',', ')' or identifier");
        }
    }

    private HashSet<string> ParseIdentifiers()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (token, literal) = Consume(values: true);
            switch (token)
            {
                case Token.Identifier:
                    set.Add(literal);
                    var (next, nextLiteral) = Lookahead(values: true);
                    if (next == Token.ClosedPar)
                    {
                        return set;
                    }
                    if (next != Token.Comma)
                    {
                        throw new FormatException($"found '{nextLiteral}', expected: ',' or ')'");
                    }
                    break;
                case Token.Comma:
                    if (set.Count == 0)
                    {
                        set.Add("");
                    }
                    var following = Lookahead(values: true).Token;
                    if (following == Token.ClosedPar)
                    {
                        set.Add("");
                        return set;
                    }
                    if (following == Token.Comma)
                    {
                        Consume(values: true);
                        set.Add("");
                    }
                    break;
                default:
                    throw new FormatException($"found '{literal}', expected: ',', or identifier");
            }
        }
    }

    private HashSet<string> ParseExactValue()
    {
        if (Lookahead(values: true).Token is Token.EndOfString or Token.Comma)
        {
            return [""];
        }
        var (token, literal) = Consume(values: true);
        return token == Token.Identifier ? [literal] : throw new FormatException($"found '{literal}', expected: identifier");
    }

    /// <summary>NewRequirement's checks of the values, all of them, as one aggregate.</summary>
    private static Requirement Validated(string key, SelectorOperator op, List<string> values)
    {
        var errors = new List<string>();
        if (op is SelectorOperator.GreaterThan or SelectorOperator.LessThan)
        {
            for (var i = 0; i < values.Count; i++)
            {
                if (!long.TryParse(values[i], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                {
                    errors.Add($"values[{i}]: Invalid value: {GoSyntax.Quote(values[i])}: for 'Gt', 'Lt' operators, the value must be an integer");
                }
            }
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (ObjectMetaValidation.LabelValueError(values[i]) is { } valueError)
            {
                errors.Add($"values[{i}][{key}]: Invalid value: {GoSyntax.Quote(values[i])}: {valueError}");
            }
        }
        return errors.Count switch
        {
            0 => new Requirement(key, op, values),
            1 => throw new FormatException(errors[0]),
            _ => throw new FormatException($"[{string.Join(", ", errors)}]"),
        };
    }

    private (Token Token, string Literal) Lookahead(bool values)
    {
        var item = _items[_position];
        return values && item.Token is Token.In or Token.NotIn ? (Token.Identifier, item.Literal) : item;
    }

    private (Token Token, string Literal) Consume(bool values)
    {
        var item = Lookahead(values);
        if (_position < _items.Count - 1)
        {
            _position++;
        }
        return item;
    }

    private static List<(Token, string)> Lex(string text)
    {
        var items = new List<(Token, string)>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && text[i] is ' ' or '\t' or '\r' or '\n')
            {
                i++;
            }
            if (i >= text.Length)
            {
                items.Add((Token.EndOfString, ""));
                return items;
            }
            if (IsSpecial(text[i]))
            {
                // The longest run of special symbols that is still a known one ("!=" but not "=(").
                var start = i;
                (Token Token, string Literal) last = (Token.Error, "");
                while (i < text.Length && IsSpecial(text[i]))
                {
                    var candidate = text[start..(i + 1)];
                    if (Literals.TryGetValue(candidate, out var token))
                    {
                        last = (token, candidate);
                    }
                    else if (last.Token != Token.Error)
                    {
                        break;
                    }
                    i++;
                }
                if (last.Token == Token.Error)
                {
                    items.Add((Token.Error, $"error expected: keyword found '{text[start..i]}'"));
                    continue;
                }
                i = start + last.Literal.Length;
                items.Add(last);
                continue;
            }
            var begin = i;
            while (i < text.Length && !IsSpecial(text[i]) && text[i] is not (' ' or '\t' or '\r' or '\n'))
            {
                i++;
            }
            var word = text[begin..i];
            items.Add(Literals.TryGetValue(word, out var keyword) ? (keyword, word) : (Token.Identifier, word));
        }
    }

    private static bool IsSpecial(char c) => c is '=' or '!' or '(' or ')' or ',' or '>' or '<';
}
