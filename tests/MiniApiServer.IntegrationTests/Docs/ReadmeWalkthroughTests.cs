using System.Diagnostics;
using System.Text.RegularExpressions;
using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Docs;

/// <summary>
/// Replays the README's console blocks against a fresh server with 3 simulated nodes: every "$ kubectl ..."
/// command runs, and its output must equal the README's once ages, generated names, provisioned volume names and IPs are masked and
/// rows are sorted. "$ cat FILE" blocks create the files the later commands use.
/// </summary>
public sealed partial class ReadmeWalkthroughTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;
    private KubectlRunner _kubectl = null!;
    private string _dir = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start(nodes: 3, settings: new Dictionary<string, string>
        {
            ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
            ["Controllers:HeartbeatInterval"] = "00:00:00.500",
            ["Controllers:NodeMonitorPeriod"] = "00:00:00.250",
            ["Controllers:NodeMonitorGracePeriod"] = "00:00:02",
            ["Controllers:PodGcPeriod"] = "00:00:00.250",
            ["Controllers:PodGcQuarantine"] = "00:00:00.500",
            // The README's autoscaling run: syncs every second, and a pod's cpu counts as soon as it is Ready.
            ["Controllers:HorizontalPodAutoscalerSyncPeriod"] = "00:00:01",
            ["Controllers:HorizontalPodAutoscalerCpuInitializationPeriod"] = "00:00:00",
        });
        _kubectl = new KubectlRunner(_server.BaseAddress);
        _dir = Path.GetDirectoryName(_kubectl.WriteFile("probe", ""))!;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _server.DisposeAsync();
    }

    [KubectlFact]
    public async Task ReadmeCommands_ProduceTheOutputsShown()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(RepoRoot(), "README.md"));
        File.WriteAllText(Path.Combine(_dir, "daemon-set-definition.yaml"), SeedManifest(readme));
        var steps = ConsoleSteps(readme).ToList();
        Assert.True(steps.Count >= 10, $"expected the walkthrough's commands, found {steps.Count}");
        foreach (var (command, expected) in steps)
        {
            if (command.StartsWith("cat ", StringComparison.Ordinal))
            {
                File.WriteAllText(Path.Combine(_dir, command[4..].Trim()), string.Join('\n', expected) + "\n");
                continue;
            }
            // How many "Waiting for daemon set ..." lines rollout status prints depends on timing; its verdict does not.
            var verdictOnly = command.Contains("rollout status", StringComparison.Ordinal);
            var want = Verdict(expected, verdictOnly);
            // State settles asynchronously (pods start, nodes go NotReady), so a read is retried until it matches.
            var last = await Eventually.Get(async () => Verdict(Lines(await RunAsync(command)), verdictOnly), got => got.SequenceEqual(want) || IsWrite(command),
                TimeSpan.FromSeconds(20), $"README command `{command}`");
            Assert.Equal(want, last);
        }
    }

    private static List<string> Verdict(List<string> lines, bool lastOnly) =>
        lastOnly ? Normalize(lines.Where(l => l.Trim().Length > 0).TakeLast(1)) : Normalize(lines);

    private static bool IsWrite(string command) =>
        Regex.IsMatch(command, @"^kubectl (create|apply|delete|taint|annotate|label|cordon|uncordon|set|debug|rollout (undo|restart))\b");

    private async Task<string> RunAsync(string command)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _dir };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command.Replace("kubectl ", $"kubectl --cache-dir {_dir}/cache ", StringComparison.Ordinal));
        psi.Environment["KUBECONFIG"] = Path.Combine(_dir, "kubeconfig");
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output + error;
    }

    private static IEnumerable<(string Command, List<string> Output)> ConsoleSteps(string readme)
    {
        foreach (Match block in ConsoleBlock().Matches(readme))
        {
            string? command = null;
            var output = new List<string>();
            foreach (var line in block.Groups[1].Value.Split('\n'))
            {
                if (line.StartsWith("$ ", StringComparison.Ordinal))
                {
                    if (command is not null)
                    {
                        yield return (command, output);
                    }
                    command = Regex.Replace(line[2..], @"\s+#.*$", "");
                    output = [];
                }
                else if (command is not null)
                {
                    output.Add(line);
                }
            }
            if (command is not null)
            {
                yield return (command, output);
            }
        }
    }

    private static string SeedManifest(string readme) =>
        Regex.Match(readme, "`daemon-set-definition.yaml` is the seed's manifest:\\s*```yaml\\n(.*?)```", RegexOptions.Singleline).Groups[1].Value;

    private static List<string> Lines(string output) => output.Split('\n').ToList();

    /// <summary>Masks what differs run to run, then sorts table rows (the header stays first).</summary>
    private static List<string> Normalize(IEnumerable<string> lines)
    {
        var masked = lines
            .Select(l => Age().Replace(l, "<age>"))
            .Select(l => Suffix().Replace(l, "-xxxxx"))
            .Select(l => Ip().Replace(l, "<ip>"))
            .Select(l => ProvisionedVolume().Replace(l, "pvc-<uid>"))
            .Select(l => Stamp().Replace(l, "<time>"))
            .Select(l => Spaces().Replace(l.Trim(), " "))
            .Where(l => l.Length > 0)
            .ToList();
        if (masked.Count > 1 && masked[0].StartsWith("NAME ", StringComparison.Ordinal))
        {
            return [masked[0], .. masked.Skip(1).Order(StringComparer.Ordinal)];
        }
        return [.. masked.Order(StringComparer.Ordinal)];
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
        {
            dir = dir.Parent;
        }
        return dir!.FullName;
    }

    [GeneratedRegex("```console\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ConsoleBlock();

    // An event listing leads with LAST SEEN: an age at the start of a line is masked too (the HPA's rescale events are
    // a second or two apart depending on the machine's load, so their ages matched the README's only by chance).
    [GeneratedRegex(@"(?<=\s|^)(\d+[smhd])+(?=\s|$)", RegexOptions.Multiline)]
    private static partial Regex Age();

    [GeneratedRegex(@"-[bcdfghjklmnpqrstvwxz2456789]{5}\b")]
    private static partial Regex Suffix();

    [GeneratedRegex(@"\b10\.\d+\.\d+\.\d+\b")]
    private static partial Regex Ip();

    [GeneratedRegex(@"\bpvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")]
    private static partial Regex ProvisionedVolume();

    [GeneratedRegex(@"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}")]
    private static partial Regex Stamp();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
