using k8s;
using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Events;

/// <summary>
/// A DaemonSet over 40 nodes records its SuccessfulCreate events as kube-controller-manager's recorder does
/// (client-go tools/record/events_cache.go): nine single events, then one "(combined from similar events)" event
/// whose count grows, and nothing past the spam filter's burst of 25 for that object.
/// </summary>
public sealed class EventCorrelationTests : ServerTest
{
    private const int Nodes = 40;

    protected override ApiServerHost StartServer() => DaemonSetKit.Start(nodes: Nodes);

    [Fact]
    public async Task FortyPodCreates_AreNineEventsAndOneCombined_CappedAtTheBurstOf25()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(DaemonSetKit.NewDaemonSet("agent"), "default");
        await Eventually.True(async () => (await DaemonSetKit.DaemonPods(Client, ds)).Count == Nodes, TimeSpan.FromSeconds(60), "a pod on every node");

        // 25 tokens: events 1–9 are their own objects, the 10th starts the combined one, 11–25 raise its count to 16.
        var events = await Eventually.Get(
            async () => (await Client.CoreV1.ListNamespacedEventAsync("default", fieldSelector: "involvedObject.name=agent,reason=SuccessfulCreate")).Items,
            items => items.Sum(e => e.Count ?? 1) >= 25, TimeSpan.FromSeconds(30), "25 SuccessfulCreate occurrences");
        var single = events.Where(e => !e.Message.StartsWith("(combined from similar events): ", StringComparison.Ordinal)).ToList();
        var combined = Assert.Single(events, e => e.Message.StartsWith("(combined from similar events): Created pod: agent-", StringComparison.Ordinal));
        Assert.Equal(9, single.Count);
        Assert.All(single, e => Assert.Matches(@"^Created pod: agent-\w{5}$", e.Message));
        Assert.All(single, e => Assert.Equal(1, e.Count));
        Assert.Equal(16, combined.Count);
        Assert.Equal(25, events.Sum(e => e.Count ?? 1));
    }
}
