using System.Collections.Immutable;

namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// A recursive-descent parser for the part of CEL admission match conditions use (google/cel-spec's grammar, its
/// precedence): literals, the request variables, member and index selection, ! - * / % + - comparisons `in` && || ?:,
/// list literals, has(), the string and size functions, and the exists/all/exists_one/filter/map macros. The result is
/// a tree of closures over a variable scope; anything else is a <see cref="CelException"/> at compile time.
/// </summary>
internal sealed class CelParser
{
    private readonly List<CelToken> _tokens;
    private int _at;

    private CelParser(string text) => _tokens = CelLexer.Tokens(text);

    public static Func<ImmutableDictionary<string, object?>, object?> Parse(string text)
    {
        var parser = new CelParser(text);
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
            throw new CelException($"Syntax error: expected '{op}' at '{Peek.Text}'");
        }
    }

    private Func<ImmutableDictionary<string, object?>, object?> Conditional()
    {
        var condition = Or();
        if (!Accept("?"))
        {
            return condition;
        }
        var whenTrue = Conditional();
        Expect(":");
        var whenFalse = Conditional();
        return scope => CelValues.Bool(condition(scope)) ? whenTrue(scope) : whenFalse(scope);
    }

    private Func<ImmutableDictionary<string, object?>, object?> Or()
    {
        var left = And();
        while (Accept("||"))
        {
            var (l, r) = (left, And());
            left = scope => CelValues.Logical(l, r, scope, decisive: true);
        }
        return left;
    }

    private Func<ImmutableDictionary<string, object?>, object?> And()
    {
        var left = Relation();
        while (Accept("&&"))
        {
            var (l, r) = (left, Relation());
            left = scope => CelValues.Logical(l, r, scope, decisive: false);
        }
        return left;
    }

    private Func<ImmutableDictionary<string, object?>, object?> Relation()
    {
        var left = Addition();
        while (Peek.Kind is CelTokenKind.Operator or CelTokenKind.Identifier && Peek.Text is "==" or "!=" or "<" or "<=" or ">" or ">=" or "in")
        {
            var op = Peek.Text;
            _at++;
            var (l, r) = (left, Addition());
            left = scope => CelValues.Compare(op, l(scope), r(scope));
        }
        return left;
    }

    private Func<ImmutableDictionary<string, object?>, object?> Addition() => Arithmetic(Multiplication, "+", "-");

    private Func<ImmutableDictionary<string, object?>, object?> Multiplication() => Arithmetic(Unary, "*", "/", "%");

    /// <summary>One left-associative level of arithmetic operators over the next level's operands.</summary>
    private Func<ImmutableDictionary<string, object?>, object?> Arithmetic(Func<Func<ImmutableDictionary<string, object?>, object?>> operand, params string[] operators)
    {
        var left = operand();
        while (Peek.Kind == CelTokenKind.Operator && operators.Contains(Peek.Text))
        {
            var op = Peek.Text;
            _at++;
            var (l, r) = (left, operand());
            left = scope => CelValues.Arithmetic(op, l(scope), r(scope));
        }
        return left;
    }

    private Func<ImmutableDictionary<string, object?>, object?> Unary()
    {
        if (Accept("!"))
        {
            var operand = Unary();
            return scope => !CelValues.Bool(operand(scope));
        }
        if (Accept("-"))
        {
            var operand = Unary();
            return scope => CelValues.Arithmetic("-", 0L, operand(scope));
        }
        return Member();
    }

    private Func<ImmutableDictionary<string, object?>, object?> Member()
    {
        var (target, path) = Primary();
        while (true)
        {
            if (Accept("."))
            {
                var name = Identifier();
                if (Accept("("))
                {
                    target = Method(target, name);
                    path = null;
                    continue;
                }
                var (t, field) = (target, name);
                target = scope => CelValues.Select(t(scope), field);
                path = path is null ? null : [.. path, name];
            }
            else if (Accept("["))
            {
                var (t, index) = (target, Conditional());
                Expect("]");
                target = scope => CelValues.Index(t(scope), index(scope));
                path = null;
            }
            else
            {
                return target;
            }
        }
    }

    private string Identifier()
    {
        if (Peek.Kind != CelTokenKind.Identifier)
        {
            throw new CelException($"Syntax error: expected an identifier at '{Peek.Text}'");
        }
        return _tokens[_at++].Text;
    }

    /// <summary>A primary expression, and for a bare variable its selection path so far (has() needs it).</summary>
    private (Func<ImmutableDictionary<string, object?>, object?>, string[]?) Primary()
    {
        var token = Peek;
        if (token.Kind == CelTokenKind.Literal)
        {
            _at++;
            return (_ => token.Value, null);
        }
        if (Accept("("))
        {
            var inner = Conditional();
            Expect(")");
            return (inner, null);
        }
        if (Accept("["))
        {
            var items = Arguments("]");
            return (scope => new List<object?>(items.Select(i => i(scope))), null);
        }
        if (token.Kind != CelTokenKind.Identifier)
        {
            throw new CelException($"Syntax error: mismatched input '{token.Text}'");
        }
        _at++;
        switch (token.Text)
        {
            case "true":
                return (_ => true, null);
            case "false":
                return (_ => false, null);
            case "null":
                return (_ => null, null);
        }
        if (Accept("("))
        {
            return (Global(token.Text), null);
        }
        var name = token.Text;
        return (scope => scope.TryGetValue(name, out var value) ? value : throw new CelException($"undeclared reference to '{name}'"), [name]);
    }

    private List<Func<ImmutableDictionary<string, object?>, object?>> Arguments(string close)
    {
        var args = new List<Func<ImmutableDictionary<string, object?>, object?>>();
        if (Accept(close))
        {
            return args;
        }
        do
        {
            args.Add(Conditional());
        }
        while (Accept(","));
        Expect(close);
        return args;
    }

    private Func<ImmutableDictionary<string, object?>, object?> Global(string name)
    {
        if (name == "has")
        {
            // has(a.b.c): whether the last field is present; the fields before it must be.
            var start = _at;
            var (target, path) = Primary();
            var fields = new List<string>();
            while (Accept("."))
            {
                fields.Add(Identifier());
            }
            Expect(")");
            if (path is null || fields.Count == 0)
            {
                _at = start;
                throw new CelException("invalid argument to has() macro");
            }
            var last = fields[^1];
            var parents = fields[..^1];
            return scope =>
            {
                var parent = parents.Aggregate(target(scope), CelValues.Select);
                return CelValues.Has(parent, last);
            };
        }
        var args = Arguments(")");
        return name switch
        {
            "size" when args.Count == 1 => scope => CelValues.Size(args[0](scope)),
            "int" when args.Count == 1 => scope => CelValues.ToInt(args[0](scope)),
            "string" when args.Count == 1 => scope => CelValues.ToText(args[0](scope)),
            _ => throw new CelException($"undeclared reference to '{name}' (in container '')"),
        };
    }

    private Func<ImmutableDictionary<string, object?>, object?> Method(Func<ImmutableDictionary<string, object?>, object?> target, string name)
    {
        if (name is "exists" or "all" or "exists_one" or "filter" or "map")
        {
            var variable = Identifier();
            Expect(",");
            var body = Conditional();
            Expect(")");
            return scope => CelValues.Comprehension(name, target(scope), variable, body, scope);
        }
        var args = Arguments(")");
        return (name, args.Count) switch
        {
            ("size", 0) => scope => CelValues.Size(target(scope)),
            ("startsWith" or "endsWith" or "contains" or "matches", 1) => scope => CelValues.StringFunction(name, target(scope), args[0](scope)),
            ("lowerAscii" or "upperAscii", 0) => scope => CelValues.StringFunction(name, target(scope), null),
            _ => throw new CelException($"found no matching overload for '{name}'"),
        };
    }
}
