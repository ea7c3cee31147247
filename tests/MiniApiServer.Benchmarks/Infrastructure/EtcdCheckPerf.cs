using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>
/// The store real Kubernetes writes to, on the same disk and cores: a throwaway single-member etcd on loopback and
/// a temp data dir, measured by its own `etcdctl check perf` (etcd 3.4: 60 s of puts from many clients, the
/// --load model sets the clients and the target rate). Its "writes/s" is what the API's creates/s is compared to.
/// </summary>
public static partial class EtcdCheckPerf
{
    public sealed record Result(double WritesPerSecond, bool Passed, string Output);

    public static bool Available() => Executables.Find("etcd") is not null && Executables.Find("etcdctl") is not null;

    public static async Task<Result> RunAsync(string load, string workDir)
    {
        var client = ServerHandle.FreePort();
        var peer = ServerHandle.FreePort();
        var etcd = Start(Executables.Find("etcd")!,
            "--name", "bench", "--data-dir", Path.Combine(workDir, "etcd"),
            "--listen-client-urls", $"http://127.0.0.1:{client}", "--advertise-client-urls", $"http://127.0.0.1:{client}",
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}",
            "--initial-cluster", $"bench=http://127.0.0.1:{peer}",
            // check perf refuses to run when its writes could exceed the quota; 8 GiB is etcd's documented maximum.
            "--quota-backend-bytes", "8589934592", "--log-level", "error");
        var drain = etcd.StandardOutput.ReadToEndAsync();
        var drainErr = etcd.StandardError.ReadToEndAsync();
        try
        {
            var endpoint = $"127.0.0.1:{client}";
            await WaitHealthyAsync(endpoint).ConfigureAwait(false);
            var (code, output) = await RunToEndAsync(Executables.Find("etcdctl")!, "--endpoints", endpoint, "check", "perf", "--load", load).ConfigureAwait(false);
            var rate = RateRegex().Match(output);
            if (!rate.Success)
            {
                throw new InvalidOperationException($"etcdctl check perf exited with {code} and no rate: {output}");
            }
            return new Result(double.Parse(rate.Groups[1].Value, CultureInfo.InvariantCulture), output.Contains("PASS: Throughput", StringComparison.Ordinal), output);
        }
        finally
        {
            etcd.Kill();
            await etcd.WaitForExitAsync().ConfigureAwait(false);
            await Task.WhenAll(drain, drainErr).ConfigureAwait(false);
            etcd.Dispose();
        }
    }

    private static async Task WaitHealthyAsync(string endpoint)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var (code, output) = await RunToEndAsync(Executables.Find("etcdctl")!, "--endpoints", endpoint, "endpoint", "health").ConfigureAwait(false);
            if (code == 0)
            {
                return;
            }
            // No pause between tries: each etcdctl call itself waits up to its dial timeout for etcd to listen.
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("etcd not healthy within 30 s: " + output);
            }
        }
    }

    private static async Task<(int Code, string Output)> RunToEndAsync(string file, params string[] args)
    {
        using var p = Start(file, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().ConfigureAwait(false);
        return (p.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    private static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.Environment["ETCDCTL_API"] = "3";
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi) ?? throw new InvalidOperationException("could not start " + file);
    }

    // "PASS: Throughput is 5921 writes/s" or "FAIL: Throughput too low: 5921 writes/s".
    [GeneratedRegex(@"Throughput[^\d]*(\d+(?:\.\d+)?) writes/s")]
    private static partial Regex RateRegex();
}
