using System.Text.Json.Nodes;

namespace MiniApiServer.Benchmarks;

public sealed class ScenarioResult(string scenario, BenchOptions options)
{
    private static readonly System.Text.Json.JsonSerializerOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public string Scenario { get; } = scenario;
    public JsonObject Metrics { get; } = [];
    public List<string> Summary { get; } = [];

    /// <summary>Set when the run could not measure what it set out to (not when a target is missed).</summary>
    public string? Failure { get; set; }

    public void Line(string text) => Summary.Add(text);

    public string ToJson() => new JsonObject
    {
        ["scenario"] = Scenario,
        ["cores"] = Environment.ProcessorCount,
        ["at"] = DateTimeOffset.UtcNow.ToString("O"),
        ["options"] = options.Used.DeepClone(),
        ["ok"] = Failure is null,
        ["failure"] = Failure,
        ["metrics"] = Finite(Metrics.DeepClone()),
    }.ToJsonString(Options);

    // A ratio over a zero measured in a very short run (the smoke tests' runs) is not a number JSON can hold: null.
    private static JsonNode? Finite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (Finite(obj[key]) is var f && !ReferenceEquals(f, obj[key]))
                    {
                        obj[key] = f;
                    }
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (Finite(array[i]) is var f && !ReferenceEquals(f, array[i]))
                    {
                        array[i] = f;
                    }
                }
                return array;
            case JsonValue value when value.TryGetValue<double>(out var d) && !double.IsFinite(d):
                return null;
            default:
                return node;
        }
    }
}
