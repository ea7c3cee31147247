using System.Collections.Immutable;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// A recursive-descent parser for CEL (google/cel-spec's grammar, its precedence): literals, variables, member and
/// index selection, ! and unary -, * / % + -, comparisons and `in`, && || ?:, list and map literals, the has() and
/// exists/all/exists_one/filter/map macros, and calls of the functions <see cref="CelFunctions"/> and
/// <see cref="CelMethods"/> know. The result is a tree of closures over a variable scope; anything else is a
/// <see cref="CelException"/> at compile time.
/// </summary>
internal sealed class CelParser
{
    // cel-go's default parser recursion limit: nesting past it is refused rather than overflowing the stack.
    private const int MaxDepth = 250;

    private static readonly ImmutableHashSet<string> Macros = ["exists", "all", "exists_one", "filter", "map"];

    private readonly List<CelToken> _tokens;
    private int _at;
    private int _depth;

    // The variables the environment declares (null: any name is looked up when evaluated) and the comprehension
    // variables of the macros being parsed, so a name neither declares is the checker's error at compile time.
    private readonly IReadOnlySet<string>? _declared;
    private readonly List<string> _bound = [];

    private CelParser(string text, IReadOnlySet<string>? declared)
    {
        _tokens = CelLexer.Tokens(text);
        _declared = declared;
    }

    public static Func<CelScope, object?> Parse(string text, IReadOnlySet<string>? declared = null)
    {
        var parser = new CelParser(text, declared);
        var expression = parser.Conditional();
        if (parser.Peek.Kind != CelTokenKind.End)
        {
            throw new CelException($"Syntax error: extraneous input '{parser.Peek.Text}'");
        }
        return expression;
    }

    private CelToken Peek => _tokens[_at];

    private bool Accept(string op)
    {
        if (Peek.Kind == CelTokenKind.Operator && Peek.Text == op)
        {
            _at++;
            return true;
        }
        return false;
    }

    private void Expect(string op)
    {
        if (!Accept(op))
        {
            throw new CelException($"Syntax error: mismatched input '{Peek.Text}' expecting '{op}'");
        }
    }

    private Func<CelScope, object?> Conditional() => Nested(() =>
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }
        var whenTrue = Or();
        Expect(":");
        var whenFalse = Conditional();
        return scope => CelValues.Bool(condition(scope)) ? whenTrue(scope) : whenFalse(scope);
    });

    /// <summary>One level deeper in the grammar's recursion, refused past cel-go's limit.</summary>
    private Func<CelScope, object?> Nested(Func<Func<CelScope, object?>> parse)
    {
        if (++_depth > MaxDepth)
        {
            throw new CelException($"Syntax error: expression recursion limit exceeded: {MaxDepth}");
        }
        var result = parse();
        _depth--;
        return result;
    }

    /// <summary>
    /// One more link of a left-associative chain (a + b + c, a.b.c, x[0][0]): each wraps the closure before it, so it
    /// deepens evaluation's recursion as a nested call does, and counts toward the same limit until the chain ends.
    /// </summary>
    private void Link(ref int links)
    {
        if (++_depth > MaxDepth)
        {
            throw new CelException($"Syntax error: expression recursion limit exceeded: {MaxDepth}");
        }
        links++;
    }

    private Func<CelScope, object?> Or()
    {
        var left = And();
        var links = 0;
        while (Accept("||"))
        {
            Link(ref links);
            var (l, r) = (left, And());
            left = scope => CelValues.Logical(l, r, scope, decisive: true);
        }
        _depth -= links;
        return left;
    }

    private Func<CelScope, object?> And()
    {
        var left = Relation();
        var links = 0;
        while (Accept("&&"))
        {
            Link(ref links);
            var (l, r) = (left, Relation());
            left = scope => CelValues.Logical(l, r, scope, decisive: false);
        }
        _depth -= links;
        return left;
    }

    private Func<CelScope, object?> Relation()
    {
        var left = Addition();
        var links = 0;
        while (Peek.Kind is CelTokenKind.Operator or CelTokenKind.Identifier && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=" or "in")
        {
            Link(ref links);
            var op = Peek.Text;
            _at++;
            var (l, r) = (left, Addition());
            left = scope => CelValues.Compare(op, l(scope), r(scope));
        }
        _depth -= links;
        return left;
    }

    private Func<CelScope, object?> Addition() => Arithmetic(Multiplication, "+", "-");

    private Func<CelScope, object?> Multiplication() => Arithmetic(Unary, "*", "/", "%");

    /// <summary>One left-associative level of arithmetic operators over the next level's operands.</summary>
    private Func<CelScope, object?> Arithmetic(Func<Func<CelScope, object?>> operand, params string[] operators)
    {
        var left = operand();
        var links = 0;
        while (Peek.Kind == CelTokenKind.Operator && operators.Contains(Peek.Text))
        {
            Link(ref links);
            var op = Peek.Text;
            _at++;
            var (l, r) = (left, operand());
            left = scope => CelValues.Arithmetic(op, l(scope), r(scope));
        }
        _depth -= links;
        return left;
    }

    private Func<CelScope, object?> Unary()
    {
        if (Accept("!"))
        {
            var operand = Nested(Unary);
            return scope => !CelValues.Bool(operand(scope));
        }
        if (Accept("-"))
        {
            // int64's least value is written as the negation of a literal one past int64's range.
            if (Peek is { Kind: CelTokenKind.Literal, Value: ulong magnitude } && magnitude == 9223372036854775808UL && !IsUnsigned(Peek))
            {
                _at++;
                return _ => long.MinValue;
            }
            var operand = Nested(Unary);
            return scope => CelValues.Negate(operand(scope));
        }
        return Member().Value;
    }

    /// <summary>A member expression; when its last step is a field selection, that step's operand and field (has() needs them).</summary>
    private (Func<CelScope, object?> Value, Func<CelScope, object?>? Operand, string? Field) Member()
    {
        var target = Primary();
        Func<CelScope, object?>? operand = null;
        string? field = null;
        var links = 0;
        while (true)
        {
            if (Peek.Kind == CelTokenKind.Operator && Peek.Text is "." or "[")
            {
                Link(ref links);
            }
            if (Accept("."))
            {
                if (Accept("?"))
                {
                    var (o, optionalField) = (target, Identifier());
                    target = scope => CelValues.OptionalSelect(o(scope), optionalField);
                    (operand, field) = (null, null);
                    continue;
                }
                var name = Identifier();
                if (Accept("("))
                {
                    target = Method(target, name);
                    (operand, field) = (null, null);
                    continue;
                }
                var t = target;
                (operand, field) = (t, name);
                target = scope => CelValues.Select(t(scope), name);
            }
            else if (Accept("["))
            {
                var optional = Accept("?");
                var (t, index) = (target, Conditional());
                Expect("]");
                target = optional
                    ? scope => CelValues.OptionalIndex(t(scope), index(scope))
                    : scope => CelValues.Index(t(scope), index(scope));
                (operand, field) = (null, null);
            }
            else
            {
                _depth -= links;
                return (target, operand, field);
            }
        }
    }

    private static bool IsUnsigned(CelToken literal) => literal.Text[^1] is 'u' or 'U';

    private string Identifier()
    {
        if (Peek.Kind != CelTokenKind.Identifier)
        {
            throw new CelException($"Syntax error: mismatched input '{Peek.Text}' expecting IDENTIFIER");
        }
        return _tokens[_at++].Text;
    }

    private Func<CelScope, object?> Primary()
    {
        var token = Peek;
        if (token.Kind == CelTokenKind.Literal)
        {
            _at++;
            if (token.Value is ulong big && !IsUnsigned(token))
            {
                throw new CelException($"Syntax error: invalid int literal: {big}");
            }
            return _ => token.Value;
        }
        if (Accept("("))
        {
            var inner = Conditional();
            Expect(")");
            return inner;
        }
        if (Accept("["))
        {
            return ListLiteral();
        }
        if (Accept("{"))
        {
            return MapLiteral();
        }
        // A leading dot names a variable from the root scope (cel-spec: `.name`), which is the only scope there is.
        Accept(".");
        var name = Identifier();
        switch (name)
        {
            case "true":
                return _ => true;
            case "false":
                return _ => false;
            case "null":
                return _ => null;
        }
        if (Accept("("))
        {
            return Global(name);
        }
        // A namespaced function (optional.of, sets.contains) reads as a selection followed by a call.
        if (Peek is { Kind: CelTokenKind.Operator, Text: "." } && _tokens[_at + 1].Kind == CelTokenKind.Identifier && CelFunctions.IsNamespaced(name + "." + _tokens[_at + 1].Text)
            && _tokens[_at + 2].Text == "(")
        {
            _at++;
            var function = name + "." + Identifier();
            Expect("(");
            return Global(function);
        }
        if (_declared is not null && !_declared.Contains(name) && !_bound.Contains(name) && CelType.Named(name) is null)
        {
            // cel-go's checker: an identifier the environment does not declare (self outside a CRD rule, params in a
            // webhook's matchCondition) fails compilation, not each evaluation.
            throw new CelException($"undeclared reference to '{name}' (in container '')");
        }
        return scope => scope.Resolve(name);
    }

    /// <summary>`[a, ?b]`: an element marked optional is an optional, included only when it has a value.</summary>
    private Func<CelScope, object?> ListLiteral()
    {
        var items = Elements("]", () => (Optional: Accept("?"), Value: Conditional()));
        return scope =>
        {
            var list = new List<object?>(items.Count);
            foreach (var (optional, value) in items)
            {
                if (!optional)
                {
                    list.Add(value(scope));
                }
                else if (Optional(value(scope)) is { HasValue: true } present)
                {
                    list.Add(present.Value);
                }
            }
            return list;
        };
    }

    /// <summary>`{k: v, ?k2: o}`: an entry marked optional is set only when its optional value has one.</summary>
    private Func<CelScope, object?> MapLiteral()
    {
        var entries = Elements("}", () =>
        {
            var optional = Accept("?");
            var key = Conditional();
            Expect(":");
            return (Optional: optional, Key: key, Value: Conditional());
        });
        return scope => new CelMap(entries
            .Select(e => (e.Optional, e.Key, Value: e.Value(scope)))
            .Where(e => !e.Optional || Optional(e.Value).HasValue)
            .Select(e => new KeyValuePair<object?, object?>(e.Key(scope), e.Optional ? ((CelOptional)e.Value!).Value : e.Value)));
    }

    private static CelOptional Optional(object? value) =>
        value as CelOptional ?? throw new CelException($"no such overload: optional element of type {CelValues.TypeName(value)}");

    private List<Func<CelScope, object?>> Arguments(string close) => Elements(close, Conditional);

    /// <summary>Comma-separated elements up to <paramref name="close"/>; a list or map literal may end with a comma.</summary>
    private List<T> Elements<T>(string close, Func<T> element)
    {
        var elements = new List<T>();
        if (Accept(close))
        {
            return elements;
        }
        do
        {
            if (close != ")" && Peek.Kind == CelTokenKind.Operator && Peek.Text == close)
            {
                break;
            }
            elements.Add(element());
        }
        while (Accept(","));
        Expect(close);
        return elements;
    }

    private Func<CelScope, object?> Global(string name)
    {
        if (name == "has")
        {
            // has(e.f): whether e, which must evaluate, has the field f.
            var (_, operand, field) = Member();
            if (operand is null || field is null || !Accept(")"))
            {
                throw new CelException("invalid argument to has() macro");
            }
            return scope => CelValues.Has(operand(scope), field);
        }
        var args = Arguments(")");
        if (!CelFunctions.Knows(name, args.Count))
        {
            throw new CelException(CelFunctions.Knows(name, 1) || CelFunctions.Knows(name, 2)
                ? $"found no matching overload for '{name}' applied to {args.Count} arguments"
                : $"undeclared reference to '{name}' (in container '')");
        }
        return scope => CelFunctions.Call(name, [.. args.Select(a => a(scope))]);
    }

    private Func<CelScope, object?> Method(Func<CelScope, object?> target, string name)
    {
        if (Macros.Contains(name))
        {
            var variable = Identifier();
            Expect(",");
            _bound.Add(variable);
            var body = Conditional();
            Func<CelScope, object?>? transform = null;
            if (name == "map" && Accept(","))
            {
                transform = Conditional();
            }
            _bound.RemoveAt(_bound.Count - 1);
            Expect(")");
            return scope => CelValues.Comprehension(name, target(scope), variable, body, transform, scope);
        }
        var args = Arguments(")");
        if (name is "or" or "orValue" && args.Count == 1)
        {
            // Short-circuits: the alternative is evaluated only when the optional is none.
            var alternative = args[0];
            return scope => target(scope) switch
            {
                CelOptional { HasValue: true } present => name == "or" ? present : present.Value,
                CelOptional => name == "or" ? Optional(alternative(scope)) : alternative(scope),
                var other => throw new CelException($"no such overload: {CelValues.TypeName(other)}.{name}"),
            };
        }
        if (!CelMethods.Knows(name, args.Count))
        {
            throw new CelException($"undeclared reference to '{name}' (in container '')");
        }
        return scope => CelMethods.Call(name, target(scope), [.. args.Select(a => a(scope))]);
    }
}
