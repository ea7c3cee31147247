using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Rollouts.RolloutFixture;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>
/// Surge rollouts (maxUnavailable 0, maxSurge > 0): e2e case 8 "should surge pods onto nodes" with its polled
/// invariants, a watch-based check that no node is ever left without an available pod, and one that a second
/// template change mid-rollout never surges onto more nodes than maxSurge.
/// </summary>
public sealed class SurgeRolloutTests
{
    [Fact]
    public async Task Surge_EnvChange_PolledInvariantsHold()
    {
        const int minReady = 2;
        // 20% of 4 nodes rounds up to a surge of 1 (GetScaledValueFromIntOrPercent, roundUp).
        await using var server = Start(nodes: 4);
        var client = server.Client;
        var template = DaemonSet("daemon-set", strategy: RollingUpdate(maxUnavailable: "0", maxSurge: "20%"), minReadySeconds: minReady);
        template.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "VERSION", Value = "1" }];
        var ds = await CreateAsync(client, template);
        await WaitRunningOnAllNodesAsync(client, ds);
        Assert.Equal(1, CurHistory(ds, await WaitForHistoryCreatedAsync(client, ds, 1)).Revision);

        ds = await client.PatchNamespacedDaemonSetAsync(new V1Patch(
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"VERSION","value":"2"}]}]}}}}""",
            V1Patch.PatchType.StrategicMergePatch), ds.Metadata.Name, Namespace);
        var nodes = (await client.ListNodeAsync()).Items.Select(n => n.Metadata.Name).ToList();
        var violations = new List<string>();
        await Eventually.Get(() => PodsAsync(client, ds), pods =>
        {
            var now = DateTimeOffset.UtcNow;
            violations.AddRange(SurgeInvariants(pods, nodes, minReady, now, maxSurge: 1));
            var live = pods.Where(p => !IsDeleting(p)).ToList();
            return nodes.All(n => live.Count(p => NodeOf(p) == n) == 1 && live.Any(p => NodeOf(p) == n && Version(p) == "2" && IsAvailable(p, minReady, now)));
        }, TimeSpan.FromSeconds(30), "every node runs VERSION=2");
        Assert.Empty(violations);

        var revisions = await WaitForHistoryCreatedAsync(client, ds, 2);
        var current = CurHistory(ds, revisions);
        Assert.Equal(2, current.Revision);
        CheckPodsHash(await PodsAsync(client, ds), Hash(current.Metadata)!);
    }

    [Fact]
    public async Task Surge_ImageChange_WatchShowsNoNodeWithoutAvailablePod()
    {
        await using var server = Start(nodes: 6);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("surge", strategy: RollingUpdate(maxUnavailable: "0", maxSurge: "1")));
        await WaitRunningOnAllNodesAsync(client, ds);
        var nodes = (await client.ListNodeAsync()).Items.Select(n => n.Metadata.Name).ToList();

        var maxNodesWithoutAvailable = 0;
        var maxPodsOnANode = 0;
        await using (var watch = await PodWatch.StartAsync(server.Http, (_, _, pods) =>
        {
            var live = pods.Where(p => IsControlledBy(p, ds) && !IsDeleting(p)).ToList();
            maxNodesWithoutAvailable = Math.Max(maxNodesWithoutAvailable, nodes.Count(n => !live.Any(p => NodeOf(p) == n && IsAvailable(p, 0, DateTimeOffset.UtcNow))));
            maxPodsOnANode = Math.Max(maxPodsOnANode, live.GroupBy(NodeOf).Max(g => g.Count()));
        }))
        {
            ds = await PatchImageAsync(client, ds.Metadata.Name, NewImage);
            await DaemonSetUpdateE2eTests.PollImageAndAvailabilityAsync(client, ds, NewImage);
            await WaitRunningOnAllNodesAsync(client, ds);
            await watch.CatchUpAsync();
            Assert.True(watch.Events > nodes.Count * 3, $"only {watch.Events} pod events seen");
        }
        Assert.Equal(0, maxNodesWithoutAvailable);
        Assert.Equal(2, maxPodsOnANode);
    }

    [Fact]
    public async Task Surge_SecondTemplateChangeMidRollout_WatchShowsNoMoreSurgedNodesThanMaxSurge()
    {
        const int maxSurge = 1;
        const string thirdImage = "registry.k8s.io/e2e-test-images/nginx:1.14-4";
        // A slower kubelet keeps each surged node unready long enough for the second change to land on one.
        await using var server = Start(nodes: 5, new Dictionary<string, string> { ["Controllers:SimulatedReadyDelay"] = "00:00:00.500" });
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("surge-twice", strategy: RollingUpdate(maxUnavailable: "0", maxSurge: $"{maxSurge}")));
        await WaitRunningOnAllNodesAsync(client, ds);

        var violations = new List<string>();
        var maxSurgedNodes = 0;
        var midRollout = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (var watch = await PodWatch.StartAsync(server.Http, (type, pod, pods) =>
        {
            var running = RunningDaemonPodsByNode(pods, ds);
            var surged = running.Where(kv => kv.Value.Count > 1).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();
            maxSurgedNodes = Math.Max(maxSurgedNodes, surged.Count);
            if (surged.Count > maxSurge)
            {
                violations.Add($"after {type} {pod.Metadata.Name}: {surged.Count} nodes with extra pods ({string.Join(',', surged)})");
            }
            // Mid-rollout: one node has finished on the first new image while another is still surging.
            if (surged.Count > 0 && running.Values.Any(ps => ps.Count == 1 && ps[0].Spec.Containers[0].Image == NewImage))
            {
                midRollout.TrySetResult();
            }
        }))
        {
            await PatchImageAsync(client, ds.Metadata.Name, NewImage);
            await midRollout.Task.WaitAsync(TimeSpan.FromSeconds(20));
            ds = await PatchImageAsync(client, ds.Metadata.Name, thirdImage);
            await DaemonSetUpdateE2eTests.PollImageAndAvailabilityAsync(client, ds, thirdImage, TimeSpan.FromSeconds(40));
            await WaitRunningOnAllNodesAsync(client, ds);
            await watch.CatchUpAsync();
        }
        Assert.Empty(violations);
        Assert.Equal(maxSurge, maxSurgedNodes);
    }

    /// <summary>
    /// The DaemonSet's pods that still count on their node, by node. Pods with a deletionTimestamp are out:
    /// update.go (findUpdatedPodsOnNode) stops counting them as soon as the delete is issued, so maxSurge bounds
    /// only pods not yet told to stop. Terminal pods run nothing, so they are out too.
    /// </summary>
    private static Dictionary<string, List<V1Pod>> RunningDaemonPodsByNode(IEnumerable<V1Pod> pods, V1DaemonSet ds) =>
        pods.Where(p => IsControlledBy(p, ds) && p.Metadata.DeletionTimestamp is null && p.Status?.Phase is not ("Succeeded" or "Failed"))
            .Select(p => (Node: NodeOf(p), Pod: p))
            .Where(x => x.Node is not null)
            .GroupBy(x => x.Node!, x => x.Pod)
            .ToDictionary(g => g.Key, g => g.ToList());

    private static string? Version(V1Pod pod) => pod.Spec.Containers[0].Env?.FirstOrDefault(e => e.Name == "VERSION")?.Value;

    /// <summary>The per-poll checks of the e2e surge test, minus its random pod deletions.</summary>
    private static IEnumerable<string> SurgeInvariants(List<V1Pod> pods, List<string> nodes, int minReady, DateTimeOffset now, int maxSurge)
    {
        var versions = pods.Select(Version).Distinct().ToList();
        if (versions.Count > 2)
        {
            yield return $"more than two versions: {string.Join(',', versions)}";
        }
        var newUnavailable = 0;
        var oldUnavailable = 0;
        var nodesWithoutOld = 0;
        foreach (var node in nodes)
        {
            var onNode = pods.Where(p => NodeOf(p) == node).ToList();
            foreach (var group in onNode.GroupBy(Version))
            {
                if (group.Count(p => !IsDeleting(p)) > 1)
                {
                    yield return $"{node}: more than one running pod of VERSION={group.Key}";
                }
                if (group.Count() > 2)
                {
                    yield return $"{node}: more than two instances of VERSION={group.Key}";
                }
            }
            if (onNode.Count(IsDeleting) > 1)
            {
                yield return $"{node}: more than one deleted pod";
            }
            var live = onNode.Where(p => !IsDeleting(p)).ToList();
            if (!live.Any(p => IsAvailable(p, minReady, now)))
            {
                yield return $"{node}: no available pod";
            }
            newUnavailable += live.Count(p => Version(p) == "2" && !IsAvailable(p, minReady, now));
            oldUnavailable += live.Count(p => Version(p) == "1" && !IsAvailable(p, minReady, now));
            nodesWithoutOld += live.Any(p => Version(p) == "1") ? 0 : 1;
        }
        if (newUnavailable > maxSurge + oldUnavailable + nodesWithoutOld)
        {
            yield return $"{newUnavailable} new pods unavailable, allowed {maxSurge} + {oldUnavailable} + {nodesWithoutOld}";
        }
    }
}
