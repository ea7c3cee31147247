namespace MiniApiServer.Application.Errors;

/// <summary>
/// A bad value already printed as field.Error prints a Go value that is neither a string nor a number: with %#v
/// (<c>[]string{"/healthz"}</c>, <c>rbac.RoleRef{APIGroup:"...", Kind:"Role", Name:"x"}</c>), so it is not quoted again.
/// </summary>
public sealed record GoSyntax(string Text)
{
    public override string ToString() => Text;

    /// <summary>%#v of a []string: each element as strconv.Quote writes it.</summary>
    public static GoSyntax Strings(IEnumerable<string> values) => new($"[]string{{{string.Join(", ", values.Select(Quote))}}}");

    /// <summary>%#v of a map[string]string: keys sorted, as fmt prints maps.</summary>
    public static GoSyntax Map(IDictionary<string, string> map) =>
        new("map[string]string{" + string.Join(", ", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{Quote(p.Key)}:{Quote(p.Value)}")) + "}");

    /// <summary>
    /// A *metav1.LabelSelector as 1.32's field.Error prints it: %#v of the struct (its String() has a pointer receiver), or
    /// the string "null" for a nil pointer. Nil and empty maps and lists print differently, as Go's do.
    /// </summary>
    public static object LabelSelector(k8s.Models.V1LabelSelector? selector) => selector is null
        ? "null"
        : new GoSyntax($"v1.LabelSelector{{MatchLabels:{(selector.MatchLabels is null ? "map[string]string(nil)" : Map(selector.MatchLabels).Text)}, "
            + $"MatchExpressions:{(selector.MatchExpressions is null ? "[]v1.LabelSelectorRequirement(nil)" : "[]v1.LabelSelectorRequirement{" + string.Join(", ", selector.MatchExpressions.Select(Requirement)) + "}")}}}");

    private static string Requirement(k8s.Models.V1LabelSelectorRequirement r) =>
        $"v1.LabelSelectorRequirement{{Key:{Quote(r.Key ?? "")}, Operator:{Quote(r.OperatorProperty ?? "")}, Values:{(r.Values is null ? "[]string(nil)" : Strings(r.Values).Text)}}}";

    public static string Quote(string s) => GoQuote.Of(s);
}
