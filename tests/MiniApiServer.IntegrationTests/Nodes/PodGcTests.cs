using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Nodes;

public sealed class PodGcTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public async Task InitializeAsync() =>
        _server = await NodeFixtures.StartAsync(nodes: 2, new Dictionary<string, string> { ["Controllers:TerminatedPodThreshold"] = "2" });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private Kubernetes Client => _server.Client;

    [Fact]
    public async Task DeletingNode_ItsPodsAreGarbageCollected()
    {
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("orphan-a", "node-2"), "default");
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("orphan-b", "node-2"), "default");
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("survivor", "node-1"), "default");
        await Eventually.Get(() => Client.ReadNamespacedPodAsync("orphan-a", "default"), p => p.Status?.Phase == "Running", what: "orphan-a Running");

        await Client.DeleteNodeAsync("node-2");

        await Eventually.True(async () => await NodeFixtures.IsGone(Client, "orphan-a") && await NodeFixtures.IsGone(Client, "orphan-b"),
            TimeSpan.FromSeconds(10), "pods of the deleted node gone");
        var survivor = await Client.ReadNamespacedPodAsync("survivor", "default");
        Assert.Null(survivor.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task TerminatedPodsAboveThreshold_OldestDeleted()
    {
        foreach (var name in new[] { "t1", "t2", "t3" })
        {
            await Client.CreateNamespacedPodAsync(NodeFixtures.Pod(name, null), "default");
            await Client.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Succeeded"}}""", V1Patch.PatchType.MergePatch), name, "default");
        }
        await Eventually.True(async () => (await Client.ListNamespacedPodAsync("default")).Items.Count(p => p.Status?.Phase == "Succeeded") == 2,
            what: "down to the threshold");
        var left = (await Client.ListNamespacedPodAsync("default")).Items.Select(p => p.Metadata.Name).ToList();
        Assert.Contains("t3", left);
    }

    // gc_controller.go gcTerminating: a terminating pod on a node that is not Ready and tainted out-of-service
    // (the admin's "this node is shut down") has no kubelet to finish it, so PodGC force-deletes it.
    [Fact]
    public async Task TerminatingPodOnOutOfServiceNode_IsForceDeleted()
    {
        var pod = NodeFixtures.Pod("stuck", "node-2", new V1Toleration { OperatorProperty = "Exists" });
        await Client.CreateNamespacedPodAsync(pod, "default");
        await Client.CreateNamespacedPodAsync(NodeFixtures.Pod("bystander", "node-1"), "default");
        await Eventually.Get(() => Client.ReadNamespacedPodAsync("stuck", "default"), p => p.Status?.Phase == "Running", what: "stuck Running");
        await NodeFixtures.PatchNodeAsync(Client, "node-2", """{"metadata":{"annotations":{"miniapiserver.dev/heartbeat":"paused"}}}""");
        await Eventually.Get(() => Client.ReadNodeAsync("node-2"), n => NodeFixtures.Condition(n, "Ready")?.Status == "Unknown", what: "node-2 Unknown");

        await Client.DeleteNamespacedPodAsync("stuck", "default", gracePeriodSeconds: 600);
        var terminating = await Client.ReadNamespacedPodAsync("stuck", "default");
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        await NodeFixtures.PatchNodeAsync(Client, "node-2",
            """{"spec":{"taints":[{"key":"node.kubernetes.io/out-of-service","value":"nodeshutdown","effect":"NoExecute"}]}}""");
        await Eventually.True(() => NodeFixtures.IsGone(Client, "stuck"), TimeSpan.FromSeconds(10), "stuck force-deleted");
        Assert.Null((await Client.ReadNamespacedPodAsync("bystander", "default")).Metadata.DeletionTimestamp);
    }

    // gc_controller.go gcUnscheduledTerminating: a terminating pod that never reached a node is moved to Failed and
    // deleted; a finalizer keeps it readable, so its phase shows what PodGC did.
    [Fact]
    public async Task UnscheduledTerminatingPod_IsMarkedFailed()
    {
        var pod = NodeFixtures.Pod("never-scheduled", null);
        pod.Spec.SchedulerName = "no-such-scheduler";
        pod.Metadata.Finalizers = ["example.com/hold"];
        await Client.CreateNamespacedPodAsync(pod, "default");
        await Client.DeleteNamespacedPodAsync("never-scheduled", "default");

        var failed = await Eventually.Get(() => Client.ReadNamespacedPodAsync("never-scheduled", "default"),
            p => p.Status?.Phase == "Failed", TimeSpan.FromSeconds(10), what: "never-scheduled Failed");
        Assert.NotNull(failed.Metadata.DeletionTimestamp);
        Assert.Null(failed.Spec.NodeName);
    }
}
