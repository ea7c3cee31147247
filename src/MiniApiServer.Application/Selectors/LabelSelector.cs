using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Application.Selectors;

/// <summary>
/// A parsed label selector, with the string syntax of apimachinery pkg/labels/selector.go:
/// <c>a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a</c>. All requirements must match.
/// </summary>
public sealed class LabelSelector
{
    public static readonly LabelSelector Everything = new([]);
    public static readonly LabelSelector Nothing = new([]) { _matchesNothing = true };

    private bool _matchesNothing;

    private LabelSelector(IReadOnlyList<Requirement> requirements) => Requirements = requirements;

    public IReadOnlyList<Requirement> Requirements { get; }

    public bool IsEverything => !_matchesNothing && Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        !_matchesNothing && Requirements.All(r => r.Matches(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var reqs = new List<Requirement>();
        foreach (var part in SplitTopLevel(text))
        {
            reqs.Add(ParseRequirement(part.Trim(), text));
        }
        return new LabelSelector(reqs);
    }

    /// <summary>metav1.LabelSelectorAsSelector: nil selects nothing, an empty one selects everything.</summary>
    public static LabelSelector FromModel(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return Nothing;
        }
        var reqs = new List<Requirement>();
        foreach (var (k, v) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            reqs.Add(new Requirement(k, SelectorOperator.Equals, [v]));
        }
        foreach (var e in selector.MatchExpressions ?? [])
        {
            var op = e.OperatorProperty switch
            {
                "In" => SelectorOperator.In,
                "NotIn" => SelectorOperator.NotIn,
                "Exists" => SelectorOperator.Exists,
                "DoesNotExist" => SelectorOperator.DoesNotExist,
                _ => throw new FormatException($"\"{e.OperatorProperty}\" is not a valid label selector operator"),
            };
            reqs.Add(new Requirement(e.Key, op, e.Values?.ToList() ?? []));
        }
        return new LabelSelector(reqs);
    }

    public override string ToString() => string.Join(",", Requirements.Select(r => r.Operator switch
    {
        SelectorOperator.Equals => $"{r.Key}={r.Values[0]}",
        SelectorOperator.NotEquals => $"{r.Key}!={r.Values[0]}",
        SelectorOperator.In => $"{r.Key} in ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
        SelectorOperator.NotIn => $"{r.Key} notin ({string.Join(",", r.Values.Order(StringComparer.Ordinal))})",
        SelectorOperator.Exists => r.Key,
        _ => "!" + r.Key,
    }));

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(': depth++; break;
                case ')': depth--; break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }
        yield return text[start..];
    }

    private static Requirement ParseRequirement(string part, string whole)
    {
        FormatException Bad(string why) => new($"unable to parse requirement: {why} in selector \"{whole}\"");
        if (part.Length == 0)
        {
            throw Bad("found '', expected: identifier");
        }
        if (part.StartsWith('!'))
        {
            return new Requirement(Key(part[1..].Trim()), SelectorOperator.DoesNotExist, []);
        }
        var ne = part.IndexOf("!=", StringComparison.Ordinal);
        if (ne > 0)
        {
            return new Requirement(Key(part[..ne].Trim()), SelectorOperator.NotEquals, [Value(part[(ne + 2)..].Trim())]);
        }
        var eq = part.IndexOf('=');
        if (eq > 0)
        {
            var rest = part[(eq + 1)..];
            if (rest.StartsWith('='))
            {
                rest = rest[1..];
            }
            return new Requirement(Key(part[..eq].Trim()), SelectorOperator.Equals, [Value(rest.Trim())]);
        }
        var paren = part.IndexOf('(');
        if (paren > 0)
        {
            if (!part.EndsWith(')'))
            {
                throw Bad("found '', expected: ')'");
            }
            var head = part[..paren].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (head.Length != 2)
            {
                throw Bad($"found '{part}', expected: in, notin");
            }
            var op = head[1] switch
            {
                "in" => SelectorOperator.In,
                "notin" => SelectorOperator.NotIn,
                _ => throw Bad($"found '{head[1]}', expected: in, notin"),
            };
            var values = part[(paren + 1)..^1].Split(',').Select(v => Value(v.Trim())).ToList();
            return new Requirement(Key(head[0]), op, values);
        }
        if (part.Contains(' ', StringComparison.Ordinal))
        {
            throw Bad($"found '{part}', expected: =, !=, ==, in, notin");
        }
        return new Requirement(Key(part), SelectorOperator.Exists, []);

        string Key(string k)
        {
            var err = ObjectMetaValidation.QualifiedNameError(k);
            return err is null ? k : throw new FormatException($"invalid label key \"{k}\": {err}");
        }

        static string Value(string v)
        {
            var err = ObjectMetaValidation.LabelValueError(v);
            return err is null ? v : throw new FormatException($"invalid label value: \"{v}\": {err}");
        }
    }
}
