namespace MiniApiServer.Application.Selectors;

public sealed record Requirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
    // The parser let Gt and Lt through only with one integer value.
    private readonly long _bound = Operator is SelectorOperator.GreaterThan or SelectorOperator.LessThan ? Integer(Values[0]) ?? 0 : 0;

    private static long? Integer(string? s) =>
        long.TryParse(s, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null;

    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            SelectorOperator.Equals => has && value == Values[0],
            SelectorOperator.NotEquals => !has || value != Values[0],
            SelectorOperator.In => has && Values.Contains(value!),
            SelectorOperator.NotIn => !has || !Values.Contains(value!),
            SelectorOperator.Exists => has,
            SelectorOperator.DoesNotExist => !has,
            // Gt and Lt compare integers; a label that is not one never matches (Requirement.Matches).
            SelectorOperator.GreaterThan => has && Integer(value) is long greater && greater > _bound,
            SelectorOperator.LessThan => has && Integer(value) is long less && less < _bound,
            _ => false,
        };
    }
}
