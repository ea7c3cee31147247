using System.Diagnostics;
using System.Globalization;
using System.Net;
using MiniApiServer.Benchmarks.Infrastructure;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>The server as a separate OS process, so a test can kill -9 it like a crash would.</summary>
public sealed class ServerProcess : IDisposable
{
    // A cold start took ~25 s on a shared 2-core machine with several builds running at once.
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(90);

    private readonly Process _process;

    private ServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int Pid => _process.Id;

    public static Task<ServerProcess> StartAsync(string dbPath, int nodes = 0, params string[] extraArgs) =>
        StartAsync(dbPath, "http", nodes, extraArgs);

    public static async Task<ServerProcess> StartAsync(string dbPath, string scheme, int nodes, params string[] extraArgs)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MiniApiServer.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        // Port 0: the kernel picks at bind time. A port picked here and released before the spawn could be bound by
        // another test's server first, whose /readyz would then answer for this one (seen in CI).
        foreach (var a in new[] { dll, "--urls", $"{scheme}://127.0.0.1:0", "--db", dbPath, "--nodes", nodes.ToString(CultureInfo.InvariantCulture), "--Logging:LogLevel:Default", "Warning" }.Concat(extraArgs))
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // A server that never gets ready is killed here: the caller's `using` never receives it. 90 s, because on a
        // machine shared with parallel builds a cold start (JIT, migrations) has been seen to take over 80 s.
        try
        {
            var port = 0;
            await Eventually.True(() =>
            {
                ThrowIfExited(process);
                port = LoopbackListener.PortOf(process.Id) ?? 0;
                return Task.FromResult(port != 0);
            }, StartDeadline, "server process listening").ConfigureAwait(false);
            var server = new ServerProcess(process, new Uri($"{scheme}://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
            await WaitUntilReadyAsync(process, server.BaseAddress).ConfigureAwait(false);
            return server;
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            process.Dispose();
            throw;
        }
    }

    private static void ThrowIfExited(Process process)
    {
        if (process.HasExited)
        {
            throw new InvalidOperationException($"server exited with {process.ExitCode}");
        }
    }

    private static async Task WaitUntilReadyAsync(Process process, Uri baseAddress)
    {
        // Readiness only: /readyz is open and its answer carries nothing to trust; TLS tests verify the CA themselves.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.True(async () =>
        {
            ThrowIfExited(process);
            try
            {
                return (await http.GetAsync("/readyz").ConfigureAwait(false)).StatusCode == HttpStatusCode.OK;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A first request that outlives the 2 s client timeout (JIT on a loaded machine) is just "not yet".
                return false;
            }
        }, StartDeadline, "server process ready").ConfigureAwait(false);
    }

    /// <summary>Runs a one-shot subcommand of the server binary (e.g. kubeconfig).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunSubcommandAsync(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "MiniApiServer.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>SIGKILL: no shutdown hooks, no WAL checkpoint, exactly like a crash.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>Sends a signal by name (TERM, STOP, CONT) and fails the test if kill refuses it.</summary>
    public void Signal(string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + name, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{name} {_process.Id} exited {kill.ExitCode}");
        }
    }

    /// <summary>SIGTERM, as an orchestrator stops a container; returns the exit code, or null if it did not exit in time.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        Signal("TERM");
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
