using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>
/// Runs commands as a user types them, in a directory of the test's choosing (the built server binary, `dotnet run`,
/// a client script), and captures what they print.
/// </summary>
public static class ServerCli
{
    public static string ServerDll => Path.Combine(AppContext.BaseDirectory, "MiniApiServer.dll");

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    public static string NewDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>`dotnet MiniApiServer.dll ARGS` in <paramref name="workingDirectory"/>, to its exit.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> ServerAsync(string workingDirectory, params string[] args) =>
        RunAsync("dotnet", workingDirectory, null, [ServerDll, .. args]);

    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string program, string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(program, workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not exit: {await stdout.ConfigureAwait(false)}{await stderr.ConfigureAwait(false)}");
        }
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Starts a long-running command; its stdout and stderr lines collect in <paramref name="output"/>.</summary>
    public static Process StartCollecting(string program, string workingDirectory, StringBuilder output, params string[] args)
    {
        var process = Start(program, workingDirectory, null, args);
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }

    private static Process Start(string program, string workingDirectory, IDictionary<string, string>? environment, string[] args)
    {
        var psi = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        return Process.Start(psi)!;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
