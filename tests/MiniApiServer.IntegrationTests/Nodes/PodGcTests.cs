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
}
