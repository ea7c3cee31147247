namespace MiniApiServer.Application.Selectors;

public sealed record Requirement(string Key, SelectorOperator Operator, IReadOnlyList<string> Values)
{
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
            SelectorOperator.GreaterThan => has && long.TryParse(value, out var greater) && greater > long.Parse(Values[0], System.Globalization.CultureInfo.InvariantCulture),
            SelectorOperator.LessThan => has && long.TryParse(value, out var less) && less < long.Parse(Values[0], System.Globalization.CultureInfo.InvariantCulture),
            _ => false,
        };
    }
}
