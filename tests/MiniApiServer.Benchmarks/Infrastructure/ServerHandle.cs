using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>The server under test as a child process on loopback, timed from just before it is spawned.</summary>
public sealed class ServerHandle : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _stderr = new();

    private Uri? _baseAddress;

    private ServerHandle(Process process, Stopwatch sinceStart)
    {
        _process = process;
        SinceStart = sinceStart;
    }

    /// <summary>Known once <see cref="WaitReadyAsync"/> has returned: the server binds port 0 and the kernel picks.</summary>
    public Uri BaseAddress => _baseAddress ?? throw new InvalidOperationException("the server's port is known once WaitReadyAsync returns");
    public Stopwatch SinceStart { get; }
    public int Pid => _process.Id;

    /// <summary>
    /// The server's --log-level for every scenario (option --log-level); null runs the server's default, so the
    /// figures include what logging costs a user who changes nothing (issue [6/6] point 3).
    /// </summary>
    public static string? LogLevel { get; set; }

    /// <summary>
    /// The folder of the MiniApiServer.dll to run (option --server-dir); null runs the one built with this harness:
    /// the server project's own output, copied to server/ (ReadyToRun in Release), or else the copy beside it.
    /// A/B/A runs use it so that every build is measured by the same harness.
    /// </summary>
    public static string? ServerDirectory { get; set; }

    private static string DefaultServerDirectory()
    {
        var built = Path.Combine(AppContext.BaseDirectory, "server");
        return File.Exists(Path.Combine(built, "MiniApiServer.dll")) ? built : AppContext.BaseDirectory;
    }

    public static ServerHandle Start(string dbPath, int nodes, params string[] extraArgs)
    {
        const string url = "http://127.0.0.1:0";
        var directory = ServerDirectory ?? DefaultServerDirectory();
        var dll = Path.Combine(directory, "MiniApiServer.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        string[] args = [dll, "--urls", url, "--db", dbPath, "--nodes", nodes.ToString(CultureInfo.InvariantCulture),
            .. LogLevel is null ? Array.Empty<string>() : ["--log-level", LogLevel]];
        foreach (var a in args.Concat(extraArgs))
        {
            psi.ArgumentList.Add(a);
        }
        var sw = Stopwatch.StartNew();
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the server");
        var handle = new ServerHandle(process, sw);
        // BENCH_SERVER_LOG_DIR keeps each server's output for diagnosis; by default it is read and dropped.
        var logDir = Environment.GetEnvironmentVariable("BENCH_SERVER_LOG_DIR");
        var log = string.IsNullOrEmpty(logDir) ? null : TextWriter.Synchronized(new StreamWriter(Path.Combine(logDir, $"server-{process.Id}.log")) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => log?.WriteLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            log?.WriteLine(e.Data);
            handle.KeepStderr(e.Data);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return handle;
    }

    /// <summary>Finds the port this process listens on, then polls its /readyz; returns the time from spawn to the first 200.</summary>
    public async Task<TimeSpan> WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"server exited with {_process.ExitCode}: {LastErrors()}");
            }
            if (_baseAddress is null && LoopbackListener.PortOf(Pid) is { } port)
            {
                _baseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
            }
            if (_baseAddress is not null && await IsReadyAsync(http, _baseAddress).ConfigureAwait(false))
            {
                return SinceStart.Elapsed;
            }
            // Finer than Poll.Interval: the restart scenario times this wait against a 3 s target.
            await Task.Delay(10).ConfigureAwait(false);
        }
        throw new TimeoutException($"server not ready within {timeout.TotalSeconds:0}s: {LastErrors()}");
    }

    private static async Task<bool> IsReadyAsync(HttpClient http, Uri baseAddress)
    {
        try
        {
            using var r = await http.GetAsync(new Uri(baseAddress, "/readyz")).ConfigureAwait(false);
            return r.StatusCode == HttpStatusCode.OK;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            // Not listening yet, or too busy starting to answer within the client's timeout.
            return false;
        }
    }

    public ProcSample Sample() => ProcSample.Read(Pid);

    /// <summary>SIGTERM, so the host shuts down and checkpoints the WAL, as a normal stop would.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
    }

    /// <summary>SIGKILL (Process.Kill), as <c>kill -9</c>: no shutdown, no lease released.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }
        _process.Dispose();
    }

    private void KeepStderr(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_stderr)
        {
            _stderr.Enqueue(line);
            if (_stderr.Count > 20)
            {
                _stderr.Dequeue();
            }
        }
    }

    private string LastErrors()
    {
        lock (_stderr)
        {
            return string.Join('\n', _stderr);
        }
    }

    internal static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
