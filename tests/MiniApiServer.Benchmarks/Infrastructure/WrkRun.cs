using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>
/// Debian's wrk (an external, C, event-loop load generator) posting unique pods through Wrk/post-pods.lua, so the
/// figure does not depend on the .NET client sharing the server's runtime. Latency percentiles are wrk's own
/// (--latency, HdrHistogram, corrected for coordinated omission only in rate mode, which this is not).
/// </summary>
public sealed partial record WrkRun(long Requests, long Non2xx, double Seconds, double P50Ms, double P99Ms, double MaxMs, string Output)
{
    public double OkPerSecond => (Requests - Non2xx) / Seconds;

    public static async Task<WrkRun> RunAsync(string wrk, Uri baseAddress, string path, byte[] bodyTemplate, int connections, int threads, TimeSpan duration, string workDir)
    {
        var template = Path.Combine(workDir, "wrk-body.json");
        await File.WriteAllBytesAsync(template, bodyTemplate).ConfigureAwait(false);
        var psi = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[]
        {
            "-t", threads.ToString(CultureInfo.InvariantCulture), "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{duration.TotalSeconds:0}s", "--timeout", "30s", "--latency",
            "-s", Path.Combine(AppContext.BaseDirectory, "Wrk", "post-pods.lua"), baseAddress.ToString().TrimEnd('/'), "--", template, path,
        })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start wrk");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {output}");
        }
        return Parse(output);
    }

    /// <summary>Reads wrk 4.1's text report: "N requests in Xs", "Non-2xx or 3xx responses: N", the --latency table.</summary>
    public static WrkRun Parse(string output)
    {
        var total = TotalRegex().Match(output);
        if (!total.Success)
        {
            throw new InvalidOperationException("wrk output has no request count: " + output);
        }
        var non2xx = Non2xxRegex().Match(output);
        return new WrkRun(
            long.Parse(total.Groups[1].Value, CultureInfo.InvariantCulture),
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            Millis(total.Groups[2].Value, total.Groups[3].Value) / 1000,
            Percentile(output, "50%"),
            Percentile(output, "99%"),
            Max(output),
            output);
    }

    private static double Percentile(string output, string label)
    {
        var m = Regex.Match(output, $@"^\s*{Regex.Escape(label)}\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        return m.Success ? Millis(m.Groups[1].Value, m.Groups[2].Value) : double.NaN;
    }

    private static double Max(string output)
    {
        // "Latency   avg(unit) stdev(unit) max(unit) +/-%" in the Thread Stats table.
        var m = LatencyRowRegex().Match(output);
        return m.Success ? Millis(m.Groups[1].Value, m.Groups[2].Value) : double.NaN;
    }

    private static double Millis(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 0.001,
        "ms" => 1,
        "s" => 1000,
        "m" => 60_000,
        _ => throw new InvalidOperationException("unknown wrk time unit " + unit),
    };

    [GeneratedRegex(@"(\d+) requests in ([\d.]+)(us|ms|s|m),")]
    private static partial Regex TotalRegex();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s*(\d+)")]
    private static partial Regex Non2xxRegex();

    [GeneratedRegex(@"^\s*Latency\s+\S+\s+\S+\s+([\d.]+)(us|ms|s|m)\s", RegexOptions.Multiline)]
    private static partial Regex LatencyRowRegex();
}
