using System.Text.Json.Nodes;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>Nearest-rank percentiles over milliseconds.</summary>
public static class Latencies
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static JsonObject Summarize(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToList();
        return new JsonObject
        {
            ["count"] = sorted.Count,
            ["p50Ms"] = Round(Percentile(sorted, 50)),
            ["p99Ms"] = Round(Percentile(sorted, 99)),
            ["maxMs"] = Round(sorted.Count == 0 ? double.NaN : sorted[^1]),
        };
    }

    public static string Describe(JsonObject summary) =>
        $"p50 {summary["p50Ms"]} ms, p99 {summary["p99Ms"]} ms, max {summary["maxMs"]} ms (n={summary["count"]})";

    public static double Round(double v) => double.IsNaN(v) ? -1 : Math.Round(v, 2);
}
