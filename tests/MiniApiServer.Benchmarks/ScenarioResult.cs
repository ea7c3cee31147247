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
        ["metrics"] = Metrics.DeepClone(),
    }.ToJsonString(Options);
}
