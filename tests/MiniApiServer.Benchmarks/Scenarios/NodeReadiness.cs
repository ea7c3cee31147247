using System.Diagnostics;
using System.Text.Json;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.Benchmarks.Scenarios;

/// <summary>Waits for the simulated nodes (--nodes N) to report Ready=True.</summary>
public static class NodeReadiness
{
    public static async Task<int> CountReadyAsync(ApiClient api)
    {
        var (_, _, body) = await api.GetAsync("/api/v1/nodes").ConfigureAwait(false);
        using var doc = JsonDocument.Parse(body);
        var ready = 0;
        foreach (var node in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            if (node.TryGetProperty("status", out var status) && status.TryGetProperty("conditions", out var conditions)
                && conditions.EnumerateArray().Any(c => c.GetProperty("type").GetString() == "Ready" && c.GetProperty("status").GetString() == "True"))
            {
                ready++;
            }
        }
        return ready;
    }

    /// <summary>Returns the server's age when the count reached <paramref name="nodes"/>; throws a clear error on timeout.</summary>
    public static async Task<TimeSpan> WaitAsync(ServerHandle server, ApiClient api, int nodes, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var ready = 0;
        while (waited.Elapsed < timeout)
        {
            ready = await CountReadyAsync(api).ConfigureAwait(false);
            if (ready >= nodes)
            {
                return server.SinceStart.Elapsed;
            }
            await Task.Delay(nodes > 1000 ? 250 : 50).ConfigureAwait(false);
        }
        throw new TimeoutException(
            $"only {ready}/{nodes} nodes Ready after {timeout.TotalSeconds:0}s; does this server run simulated nodes for --nodes (the KWOK-style kubelet)?");
    }
}
