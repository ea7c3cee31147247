using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Rollouts.RolloutFixture;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>
/// Delete-first rolling updates checked at every committed pod change (a watch from the list resourceVersion):
/// the maxUnavailable budget at scale, and no replacement while the old pod is still terminating.
/// </summary>
public sealed class RollingUpdateInvariantTests
{
    [Fact]
    public async Task RollingUpdate_TwentyNodes_NeverMoreThanMaxUnavailable()
    {
        const int nodeCount = 20;
        await using var server = Start(nodes: nodeCount);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("at-scale", strategy: RollingUpdate(maxUnavailable: "2")));
        await WaitRunningOnAllNodesAsync(client, ds, TimeSpan.FromSeconds(20));
        var nodes = (await client.ListNodeAsync()).Items.Select(n => n.Metadata.Name).ToList();

        var maxUnavailablePods = 0;
        var maxNodesWithoutAvailable = 0;
        await using (var watch = await PodWatch.StartAsync(server.Http, (_, _, pods) =>
        {
            // The e2e count: unavailable among controlled, non-deleting pods.
            var live = pods.Where(p => IsControlledBy(p, ds) && !IsDeleting(p)).ToList();
            maxUnavailablePods = Math.Max(maxUnavailablePods, live.Count(p => !IsAvailable(p, 0, DateTimeOffset.UtcNow)));
            // The controller's own count (update.go): a node whose pod is gone or terminating is unavailable too.
            maxNodesWithoutAvailable = Math.Max(maxNodesWithoutAvailable, nodes.Count(n => !live.Any(p => NodeOf(p) == n && IsAvailable(p, 0, DateTimeOffset.UtcNow))));
        }))
        {
            ds = await PatchImageAsync(client, ds.Metadata.Name, NewImage);
            await DaemonSetUpdateE2eTests.PollImageAndAvailabilityAsync(client, ds, NewImage, TimeSpan.FromSeconds(30));
            await WaitRunningOnAllNodesAsync(client, ds);
            await watch.CatchUpAsync();
        }
        Assert.InRange(maxUnavailablePods, 1, 2);
        Assert.Equal(2, maxNodesWithoutAvailable);
        var status = (await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => d.Status.UpdatedNumberScheduled == nodeCount, what: "all updated")).Status;
        Assert.Equal(nodeCount, status.NumberAvailable);
        Assert.Equal(0, status.NumberUnavailable ?? 0);
    }

    [Fact]
    public async Task RollingUpdate_NoSurge_NoReplacementWhileOldPodTerminates()
    {
        // Graceful deletions take a visible second, so a premature replacement would show up in the watch.
        await using var server = Start(nodes: 3, new Dictionary<string, string> { ["Controllers:SimulatedMaxGracePeriod"] = "00:00:01" });
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("no-surge", strategy: RollingUpdate(maxUnavailable: "1")));
        await WaitRunningOnAllNodesAsync(client, ds);

        var violations = new List<string>();
        var terminatingSeen = 0;
        await using (var watch = await PodWatch.StartAsync(server.Http, (type, pod, pods) =>
        {
            if (!IsControlledBy(pod, ds))
            {
                return;
            }
            if (type == "MODIFIED" && IsDeleting(pod))
            {
                terminatingSeen++;
            }
            if (type == "ADDED")
            {
                var others = pods.Where(p => p.Metadata.Uid != pod.Metadata.Uid && IsControlledBy(p, ds) && NodeOf(p) == NodeOf(pod)).ToList();
                if (others.Count > 0)
                {
                    violations.Add($"{pod.Metadata.Name} created on {NodeOf(pod)} while {string.Join(',', others.Select(o => o.Metadata.Name))} still exists");
                }
            }
        }))
        {
            ds = await PatchImageAsync(client, ds.Metadata.Name, NewImage);
            await DaemonSetUpdateE2eTests.PollImageAndAvailabilityAsync(client, ds, NewImage);
            await watch.CatchUpAsync();
        }
        Assert.Empty(violations);
        Assert.True(terminatingSeen >= 3, $"saw {terminatingSeen} terminating pods");
    }

    [Fact]
    public async Task MinReadySeconds_PodAvailableOnlyAfterReadyThatLong()
    {
        const int minReady = 3;
        await using var server = Start(nodes: 2);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("min-ready", strategy: RollingUpdate(), minReadySeconds: minReady));

        var readyButUnavailable = await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => d.Status.NumberReady == 2, what: "2 ready");
        var pods = await PodsAsync(client, ds);
        var lastReady = pods.Max(p => p.Status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime!.Value);
        if (DateTime.UtcNow < lastReady.AddSeconds(minReady))
        {
            Assert.True(readyButUnavailable.Status.NumberAvailable < 2, "available before minReadySeconds elapsed");
            Assert.Equal(2 - (readyButUnavailable.Status.NumberAvailable ?? 0), readyButUnavailable.Status.NumberUnavailable);
        }
        var available = await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => d.Status.NumberAvailable == 2, TimeSpan.FromSeconds(10), "2 available");
        var seenAt = DateTime.UtcNow;
        Assert.Equal(0, available.Status.NumberUnavailable ?? 0);
        // IsPodAvailable: Ready's lastTransitionTime + minReadySeconds is before now.
        Assert.True(seenAt >= lastReady.AddSeconds(minReady), $"available at {seenAt:O}, ready since {lastReady:O}");
        Assert.Equal(2, available.Status.UpdatedNumberScheduled);
    }
}
