using MiniApiServer.Storage;

namespace MiniApiServer.Application.Selectors;

/// <summary>Field selectors: <c>key=value</c>, <c>key==value</c>, <c>key!=value</c>, comma separated (apimachinery pkg/fields).</summary>
public sealed class FieldSelector
{
    public static readonly FieldSelector Everything = new([]);

    private FieldSelector(IReadOnlyList<Requirement> requirements) => Requirements = requirements;

    public IReadOnlyList<Requirement> Requirements { get; }

    public bool IsEverything => Requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> fields) => Requirements.All(r => r.Matches(fields));

    /// <summary>Whether the stored object matches: its indexed fields, or for a custom resource's selectable fields the ones read from it.</summary>
    public bool Matches(StoredObject obj) => Matches(Reader is null ? obj.Index.Fields : Reader(obj));

    /// <summary>Reads the fields the index does not hold (a CRD's selectableFields); null when the index has them all.</summary>
    public Func<StoredObject, IReadOnlyDictionary<string, string>>? Reader { get; init; }

    public FieldSelector With(Func<StoredObject, IReadOnlyDictionary<string, string>> reader) => new(Requirements) { Reader = reader };

    /// <summary>The value required for <paramref name="key"/> by an equality term, if any.</summary>
    public string? RequiredValue(string key) =>
        Requirements.FirstOrDefault(r => r.Key == key && r.Operator == SelectorOperator.Equals)?.Values[0];

    public static FieldSelector Parse(string? text, IReadOnlySet<string> supported)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }
        var reqs = new List<Requirement>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            string key, value;
            SelectorOperator op;
            if (ne > 0)
            {
                (key, value, op) = (part[..ne], part[(ne + 2)..], SelectorOperator.NotEquals);
            }
            else
            {
                var eq = part.IndexOf('=');
                if (eq <= 0)
                {
                    throw new FormatException($"invalid selector: '{text}'; can't understand '{part}'");
                }
                value = part[(eq + 1)..];
                if (value.StartsWith('='))
                {
                    value = value[1..];
                }
                (key, op) = (part[..eq], SelectorOperator.Equals);
            }
            key = key.Trim();
            if (!supported.Contains(key))
            {
                throw new FormatException($"field label not supported: {key}");
            }
            reqs.Add(new Requirement(key, op, [value.Trim()]));
        }
        return new FieldSelector(reqs);
    }
}
