using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>The seed walkthrough with the real kubectl and three simulated nodes, as the README shows it.</summary>
public sealed class SeedDemoTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;
    private KubectlRunner _kubectl = null!;

    public Task InitializeAsync()
    {
        _server = DaemonSetKit.Start(nodes: 3);
        _kubectl = new KubectlRunner(_server.BaseAddress);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _kubectl.Dispose();
        await _server.DisposeAsync();
    }

    [KubectlFact]
    public async Task MonitoringDaemon_RunsOnEveryNode_AndDescribeShowsEvents()
    {
        var file = _kubectl.WriteFile("daemon-set-definition.yaml", Manifests.MonitoringDaemon);
        Assert.Equal("daemonset.apps/monitoring-daemon created\n", await _kubectl.OkAsync("create", "-f", file));
        var get = await Eventually.Get(() => _kubectl.OkAsync("get", "daemonsets"),
            o => System.Text.RegularExpressions.Regex.IsMatch(o, @"(?m)^monitoring-daemon\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\d+s$"),
            TimeSpan.FromSeconds(20), "DESIRED/CURRENT/READY/UP-TO-DATE/AVAILABLE 3");
        Assert.StartsWith("NAME                DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n", get, StringComparison.Ordinal);
        var pods = await _kubectl.OkAsync("get", "pods", "-o", "wide");
        foreach (var node in new[] { "node-1", "node-2", "node-3" })
        {
            Assert.Matches($@"(?m)^monitoring-daemon-\w{{5}}\s+1/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+{node}\s+<none>\s+<none>$", pods);
        }
        var describe = await Eventually.Get(() => _kubectl.OkAsync("describe", "daemonsets", "monitoring-daemon"),
            o => System.Text.RegularExpressions.Regex.Matches(o, "SuccessfulCreate").Count == 3, what: "three SuccessfulCreate events");
        Assert.Contains("Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed", describe, StringComparison.Ordinal);
        Assert.Matches(@"Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: monitoring-daemon-\w{5}", describe);
        var nodes = await _kubectl.OkAsync("get", "nodes");
        Assert.Matches(@"(?m)^node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.4$", nodes);
    }

    [KubectlFact]
    public async Task DeleteCascadeVariants_BackgroundForegroundOrphan()
    {
        foreach (var (name, cascade) in new[] { ("bg", "background"), ("fg", "foreground"), ("orphan", "orphan") })
        {
            var manifest = Manifests.MonitoringDaemon.Replace("monitoring-daemon", name, StringComparison.Ordinal)
                .Replace("monitoring-agent", $"agent-{name}", StringComparison.Ordinal);
            await _kubectl.OkAsync("create", "-f", _kubectl.WriteFile($"{name}.yaml", manifest));
            await Eventually.Get(() => _kubectl.OkAsync("get", "pods", "-l", $"app=agent-{name}", "--no-headers"),
                o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("Running", StringComparison.Ordinal)) == 3, what: $"{name} pods running");
            Assert.Equal($"daemonset.apps \"{name}\" deleted\n", await _kubectl.OkAsync("delete", "ds", name, $"--cascade={cascade}"));
            Assert.Equal(1, (await _kubectl.RunAsync("get", "ds", name)).ExitCode);
            if (cascade == "orphan")
            {
                var orphans = await _kubectl.OkAsync("get", "pods", "-l", $"app=agent-{name}", "-o", "jsonpath={range .items[*]}{.metadata.ownerReferences}{\"|\"}{end}");
                Assert.Equal("|||", orphans);
            }
            else
            {
                await Eventually.True(async () => (await _kubectl.OkAsync("get", "pods", "-l", $"app=agent-{name}", "-o", "name")).Length == 0,
                    TimeSpan.FromSeconds(20), $"{name} pods gone");
            }
        }
    }
}
