using System.Diagnostics;
using System.Text;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Disruption.DisruptionKit;

namespace MiniApiServer.IntegrationTests.Disruption;

/// <summary>
/// The real kubectl drain and uncordon against simulated nodes running a DaemonSet and other pods: drain cordons,
/// leaves the daemon pods with upstream's warning, evicts the rest through pods/eviction, and waits out a budget that
/// blocks (kubectl's "will retry after 5s" loop) until the budget allows.
/// </summary>
public sealed class KubectlDrainTests : ServerTest
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    protected override ApiServerHost StartServer() => DisruptionKit.Start(nodes: 2);

    [KubectlFact]
    public async Task Drain_WaitsForABlockingBudget_ThenEvicts_LeavingDaemonPods_AndUncordonRestores()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(DaemonSetKit.NewDaemonSet("agent"), Namespace);
        await Eventually.True(() => DaemonSetKit.RunningExactlyOn(Client, ds, ["node-1", "node-2"]), TimeSpan.FromSeconds(30), "agent on both nodes");
        var daemonPod = (await DaemonSetKit.DaemonPods(Client, ds)).Single(p => p.Spec.NodeName == "node-1");
        await ReadyPodAsync(Client, "web-1", Web, node: "node-1");
        await ReadyPodAsync(Client, "web-2", Web, node: "node-2");
        await CreateScratchPodAsync("cache", "node-1");
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 2);
        await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0);

        using var drain = Kubectl.Start("drain", "node-1", "--ignore-daemonsets", "--delete-emptydir-data", "--force");
        var stdout = Collect(drain.StandardOutput);
        var stderr = Collect(drain.StandardError);
        const string Blocked = "error when evicting pods/\"web-1\" -n \"default\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.";
        await Eventually.True(() => Task.FromResult(Text(stderr).Contains(Blocked, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "drain blocked by the budget");
        Assert.False(drain.HasExited);

        // A third web pod elsewhere gives the budget a disruption to spend; kubectl's next retry goes through.
        await ReadyPodAsync(Client, "web-3", Web, node: "node-2");
        await ExitAsync(drain, stdout, stderr);

        var output = Text(stdout) + Text(stderr);
        Assert.True(drain.ExitCode == 0, output);
        // Whole output in each message: xunit's Contains cuts the string it searched after a few words.
        foreach (var line in new[] { "node/node-1 cordoned", $"ignoring DaemonSet-managed Pods: default/{daemonPod.Metadata.Name}", "pod/web-1 evicted", "pod/cache evicted", "node/node-1 drained" })
        {
            Assert.True(output.Contains(line, StringComparison.Ordinal), $"missing \"{line}\" in:\n{output}");
        }

        var left = (await Client.ListNamespacedPodAsync(Namespace, fieldSelector: "spec.nodeName=node-1")).Items;
        var survivor = Assert.Single(left);
        Assert.Equal(daemonPod.Metadata.Uid, survivor.Metadata.Uid);
        Assert.Null(survivor.Metadata.DeletionTimestamp);
        Assert.True((await Client.ReadNodeAsync("node-1")).Spec.Unschedulable);

        Assert.Equal("node/node-1 uncordoned\n", await Kubectl.OkAsync("uncordon", "node-1"));
        Assert.NotEqual(true, (await Client.ReadNodeAsync("node-1")).Spec.Unschedulable);
    }

    [KubectlFact]
    public async Task Drain_BarePodWithoutForce_RefusesAndNamesIt()
    {
        await ReadyPodAsync(Client, "bare", Web, node: "node-1");

        var (code, _, stderr) = await Kubectl.RunAsync("drain", "node-1", "--ignore-daemonsets");

        Assert.Equal(1, code);
        Assert.Contains("cannot delete Pods that declare no controller (use --force to override): default/bare", stderr, StringComparison.Ordinal);
        Assert.Null((await Client.ReadNamespacedPodAsync("bare", Namespace)).Metadata.DeletionTimestamp);
    }

    /// <summary>A bare pod with emptyDir data, which drain only evicts with --delete-emptydir-data and --force.</summary>
    private Task<V1Pod> CreateScratchPodAsync(string name, string node) =>
        Client.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new V1PodSpec
            {
                NodeName = node,
                Containers = [new V1Container { Name = "app", Image = "redis", VolumeMounts = [new V1VolumeMount { Name = "scratch", MountPath = "/data" }] }],
                Volumes = [new V1Volume { Name = "scratch", EmptyDir = new V1EmptyDirVolumeSource() }],
            },
        }, Namespace);

    // The process can be seen exiting before its last lines are read, so ExitAsync also waits for both readers.
    private readonly List<Task> _readers = [];

    private StringBuilder Collect(StreamReader reader)
    {
        var text = new StringBuilder();
        _readers.Add(Task.Run(async () =>
        {
            var buffer = new char[1024];
            int read;
            while ((read = await reader.ReadAsync(buffer)) > 0)
            {
                lock (text)
                {
                    text.Append(buffer, 0, read);
                }
            }
        }));
        return text;
    }

    private static string Text(StringBuilder text)
    {
        lock (text)
        {
            return text.ToString();
        }
    }

    private async Task ExitAsync(Process process, StringBuilder stdout, StringBuilder stderr)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
            await Task.WhenAll(_readers).WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kubectl drain did not finish: {Text(stdout)}{Text(stderr)}");
        }
    }
}
