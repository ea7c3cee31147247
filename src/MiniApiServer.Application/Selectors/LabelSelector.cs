using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Application.Selectors;

/// <summary>
/// A parsed label selector, with the string syntax of apimachinery pkg/labels/selector.go:
/// <c>a=b, a==b, a!=b, a in (x,y), a notin (x), a, !a, a&gt;1, a&lt;1</c>. All requirements must match.
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

    public static LabelSelector Parse(string? text) =>
        // Only the lexer's own blanks make an empty selector; any other character is a key to refuse.
        text is null || text.AsSpan().Trim(" \t\r\n").IsEmpty ? Everything : new LabelSelector(LabelSelectorParser.Parse(text));

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
        SelectorOperator.GreaterThan => $"{r.Key}>{r.Values[0]}",
        SelectorOperator.LessThan => $"{r.Key}<{r.Values[0]}",
        SelectorOperator.Exists => r.Key,
        _ => "!" + r.Key,
    }));
}
