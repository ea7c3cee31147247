using System.Diagnostics;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>Runs the real kubectl against a server with a generated kubeconfig and a private cache.</summary>
public sealed class KubectlRunner : IDisposable
{
    public const string Path = "/usr/bin/kubectl";
    private readonly string _dir;
    private readonly string _kubeconfig;

    public KubectlRunner(Uri server)
    {
        _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "miniapiserver-kubectl", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        _kubeconfig = System.IO.Path.Combine(_dir, "kubeconfig");
        File.WriteAllText(_kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: mini
              cluster:
                server: {{server.ToString().TrimEnd('/')}}
            contexts:
            - name: mini
              context:
                cluster: mini
                user: mini
                namespace: default
            current-context: mini
            users:
            - name: mini
              user: {}
            """);
    }

    public string WriteFile(string name, string content)
    {
        var path = System.IO.Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Starts kubectl with stdout and stderr redirected, for commands that stream (logs -f); the caller ends it.</summary>
    public Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["KUBECONFIG"] = _kubeconfig;
        psi.Environment["HOME"] = _dir;
        psi.ArgumentList.Add("--cache-dir");
        psi.ArgumentList.Add(System.IO.Path.Combine(_dir, "cache"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi)!;
    }

    /// <summary>Runs and requires success, returning stdout.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (code, stdout, stderr) = await RunAsync(args).ConfigureAwait(false);
        Assert.True(code == 0, $"kubectl {string.Join(' ', args)} exited {code}: {stderr}{stdout}");
        return stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
