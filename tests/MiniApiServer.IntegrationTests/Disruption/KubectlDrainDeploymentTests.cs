using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Kubectl;

namespace MiniApiServer.IntegrationTests.Disruption;

/// <summary>
/// The README's drain scenario: a DaemonSet and a Deployment on the same three nodes, a budget that allows one web pod
/// down. kubectl drain evicts the Deployment's pod, the ReplicaSet brings it back on another node, and the daemon pod
/// stays on the drained node.
/// </summary>
public sealed class KubectlDrainDeploymentTests : ServerTest
{
    protected override ApiServerHost StartServer() => DisruptionKit.Start(nodes: 3);

    [KubectlFact]
    public async Task Drain_EvictsTheDeploymentsPod_ItComesBackElsewhere_TheDaemonPodStays()
    {
        await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("agent.yaml", Manifests.MonitoringDaemon));
        await Kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=3");
        await Kubectl.OkAsync("create", "pdb", "web", "--selector=app=web", "--min-available=2");
        await Eventually.Get(() => Kubectl.OkAsync("get", "pdb", "web", "--no-headers"),
            o => System.Text.RegularExpressions.Regex.IsMatch(o, @"^web\s+2\s+N/A\s+1\s+"), TimeSpan.FromSeconds(60), "budget allows one disruption");
        var before = await PodsByNode();
        var daemonOnNode1 = Assert.Single(before, p => p.Node == "node-1" && p.Name.StartsWith("monitoring-daemon-", StringComparison.Ordinal)).Name;
        var webOnNode1 = before.Where(p => p.Node == "node-1" && p.Name.StartsWith("web-", StringComparison.Ordinal)).Select(p => p.Name).ToList();
        Assert.NotEmpty(webOnNode1);

        var (code, stdout, stderr) = await Kubectl.RunAsync("drain", "node-1", "--ignore-daemonsets", "--delete-emptydir-data");

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("node/node-1 cordoned", stdout, StringComparison.Ordinal);
        Assert.Contains($"Warning: ignoring DaemonSet-managed Pods: default/{daemonOnNode1}", stderr, StringComparison.Ordinal);
        foreach (var web in webOnNode1)
        {
            Assert.Contains($"pod/{web} evicted", stdout, StringComparison.Ordinal);
        }
        Assert.EndsWith("node/node-1 drained\n", stdout, StringComparison.Ordinal);

        // The Deployment is whole again, on the other two nodes; node-1 keeps only its daemon pod.
        await Eventually.Get(() => Kubectl.OkAsync("get", "deployment", "web", "--no-headers"),
            o => System.Text.RegularExpressions.Regex.IsMatch(o, @"^web\s+3/3\s+3\s+3\s+"), TimeSpan.FromSeconds(60), "web 3/3 again");
        // An evicted pod lingers until the simulated kubelet finishes its grace period.
        var after = await Eventually.Get(PodsByNode, pods => pods.Count(p => p.Node == "node-1") == 1, TimeSpan.FromSeconds(30), "evicted pods gone");
        Assert.Equal([daemonOnNode1], after.Where(p => p.Node == "node-1").Select(p => p.Name));
        Assert.Equal(3, after.Count(p => p.Name.StartsWith("web-", StringComparison.Ordinal) && p.Node is "node-2" or "node-3"));
    }

    private async Task<List<(string Name, string Node)>> PodsByNode() =>
        [.. (await Kubectl.OkAsync("get", "pods", "-o", "jsonpath={range .items[*]}{.metadata.name} {.spec.nodeName}{\"\\n\"}{end}"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' '))
            .Select(p => (p[0], p[1]))];
}
