using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>The seed walkthrough with the real kubectl and three simulated nodes, as the README shows it.</summary>
public sealed class SeedDemoTests : ServerTest
{
    protected override ApiServerHost StartServer() => DaemonSetKit.Start(nodes: 3);

    [KubectlFact]
    public async Task MonitoringDaemon_RunsOnEveryNode_AndDescribeShowsEvents()
    {
        var file = Kubectl.WriteFile("daemon-set-definition.yaml", Manifests.MonitoringDaemon);
        Assert.Equal("daemonset.apps/monitoring-daemon created\n", await Kubectl.OkAsync("create", "-f", file));
        var get = await Eventually.Get(() => Kubectl.OkAsync("get", "daemonsets"),
            o => System.Text.RegularExpressions.Regex.IsMatch(o, @"(?m)^monitoring-daemon\s+3\s+3\s+3\s+3\s+3\s+<none>\s+\d+s$"),
            TimeSpan.FromSeconds(20), "DESIRED/CURRENT/READY/UP-TO-DATE/AVAILABLE 3");
        Assert.StartsWith("NAME                DESIRED   CURRENT   READY   UP-TO-DATE   AVAILABLE   NODE SELECTOR   AGE\n", get, StringComparison.Ordinal);
        var pods = await Kubectl.OkAsync("get", "pods", "-o", "wide");
        foreach (var node in new[] { "node-1", "node-2", "node-3" })
        {
            Assert.Matches($@"(?m)^monitoring-daemon-\w{{5}}\s+1/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+{node}\s+<none>\s+<none>$", pods);
        }
        var describe = await Eventually.Get(() => Kubectl.OkAsync("describe", "daemonsets", "monitoring-daemon"),
            o => System.Text.RegularExpressions.Regex.Matches(o, "SuccessfulCreate").Count == 3, what: "three SuccessfulCreate events");
        Assert.Contains("Pods Status:  3 Running / 0 Waiting / 0 Succeeded / 0 Failed", describe, StringComparison.Ordinal);
        Assert.Matches(@"Normal\s+SuccessfulCreate\s+\S+\s+daemonset-controller\s+Created pod: monitoring-daemon-\w{5}", describe);
        var nodes = await Kubectl.OkAsync("get", "nodes");
        Assert.Matches(@"(?m)^node-1\s+Ready\s+<none>\s+\S+\s+v1\.32\.4$", nodes);
    }

    [KubectlFact]
    public async Task DeleteCascadeVariants_BackgroundForegroundOrphan()
    {
        foreach (var (name, cascade) in new[] { ("bg", "background"), ("fg", "foreground"), ("orphan", "orphan") })
        {
            var manifest = Manifests.MonitoringDaemon.Replace("monitoring-daemon", name, StringComparison.Ordinal)
                .Replace("monitoring-agent", $"agent-{name}", StringComparison.Ordinal);
            await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile($"{name}.yaml", manifest));
            await Eventually.Get(() => Kubectl.OkAsync("get", "pods", "-l", $"app=agent-{name}", "--no-headers"),
                o => o.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => l.Contains("Running", StringComparison.Ordinal)) == 3, what: $"{name} pods running");
            Assert.Equal($"daemonset.apps \"{name}\" deleted\n", await Kubectl.OkAsync("delete", "ds", name, $"--cascade={cascade}"));
            Assert.Equal(1, (await Kubectl.RunAsync("get", "ds", name)).ExitCode);
            if (cascade == "orphan")
            {
                var orphans = await Kubectl.OkAsync("get", "pods", "-l", $"app=agent-{name}", "-o", "jsonpath={range .items[*]}{.metadata.ownerReferences}{\"|\"}{end}");
                Assert.Equal("|||", orphans);
            }
            else
            {
                await Eventually.True(async () => (await Kubectl.OkAsync("get", "pods", "-l", $"app=agent-{name}", "-o", "name")).Length == 0,
                    TimeSpan.FromSeconds(20), $"{name} pods gone");
            }
        }
    }
}
