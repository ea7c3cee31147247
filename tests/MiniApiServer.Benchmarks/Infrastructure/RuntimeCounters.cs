using System.Globalization;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>
/// The server's own cumulative GC counters from /metrics (System.Runtime meters): bytes allocated and time paused.
/// Unlike rates and latencies they do not depend on how busy the machine is, so they compare builds across runs.
/// </summary>
public sealed record RuntimeCounters(double AllocatedBytes, double GcPauseSeconds)
{
    public static async Task<RuntimeCounters> ReadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative)).ConfigureAwait(false);
        return new RuntimeCounters(Value(text, "system_runtime_dotnet_gc_heap_total_allocated"), Value(text, "system_runtime_dotnet_gc_pause_time"));
    }

    public RuntimeCounters Since(RuntimeCounters earlier) => new(AllocatedBytes - earlier.AllocatedBytes, GcPauseSeconds - earlier.GcPauseSeconds);

    private static double Value(string metrics, string name)
    {
        foreach (var line in metrics.AsSpan().EnumerateLines())
        {
            if (line.StartsWith(name) && line.Length > name.Length && line[name.Length] == ' ')
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return double.NaN;
    }
}
