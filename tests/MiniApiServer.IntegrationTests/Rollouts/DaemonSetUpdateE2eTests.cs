using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Rollouts.RolloutFixture;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>test/e2e/apps/daemon_set.go cases 5-7 (daemonset-semantics.md §6.2): OnDelete, RollingUpdate, rollback.</summary>
public sealed class DaemonSetUpdateE2eTests
{
    [Fact]
    public async Task OnDelete_ImagePatch_DoesNotUpdatePods()
    {
        await using var server = Start(nodes: 3);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("daemon-set", strategy: OnDelete()));
        await WaitRunningOnAllNodesAsync(client, ds);
        await CheckDaemonStatusAsync(client, ds.Metadata.Name);
        var first = CurHistory(ds, await WaitForHistoryCreatedAsync(client, ds, 1));
        Assert.Equal(1, first.Revision);
        var firstHash = Hash(first.Metadata)!;
        CheckPodsHash(await PodsAsync(client, ds), firstHash);

        ds = await PatchImageAsync(client, ds.Metadata.Name, NewImage);
        var revisions = await WaitForHistoryCreatedAsync(client, ds, 2);
        ds = await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => d.Status.ObservedGeneration == d.Metadata.Generation, what: "generation observed");

        // checkDaemonPodsImageAndAvailability(ds, original image, maxUnavailable 0).
        var pods = await PodsAsync(client, ds);
        Assert.All(pods, p => Assert.Equal(OriginalImage, p.Spec.Containers[0].Image));
        Assert.All(pods, p => Assert.True(IsAvailable(p, 0, DateTimeOffset.UtcNow), $"{p.Metadata.Name} unavailable"));
        await WaitRunningOnAllNodesAsync(client, ds);
        var current = CurHistory(ds, revisions);
        Assert.Equal(2, current.Revision);
        Assert.NotEqual(firstHash, Hash(current.Metadata));
        CheckPodsHash(pods, firstHash);
        Assert.Equal(0, ds.Status.UpdatedNumberScheduled ?? 0);
        Assert.Equal(0, ds.Status.NumberUnavailable ?? 0);

        // OnDelete: a pod deleted by hand comes back from the current template and hash.
        await client.DeleteNamespacedPodAsync(pods[0].Metadata.Name, Namespace);
        var replaced = await Eventually.Get(() => PodsAsync(client, ds),
            ps => ps.Any(p => !IsDeleting(p) && p.Spec.Containers[0].Image == NewImage && IsAvailable(p, 0, DateTimeOffset.UtcNow)), what: "replacement on new template");
        Assert.Equal(Hash(current.Metadata), Hash(replaced.Single(p => p.Spec.Containers[0].Image == NewImage).Metadata));
        await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => d.Status.UpdatedNumberScheduled == 1 && d.Status.NumberAvailable == 3, what: "updatedNumberScheduled 1");
    }

    [Fact]
    public async Task RollingUpdate_ImagePatch_UpdatesPodsWithinMaxUnavailable()
    {
        await using var server = Start(nodes: 4);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("daemon-set", strategy: RollingUpdate()));
        await WaitRunningOnAllNodesAsync(client, ds);
        await CheckDaemonStatusAsync(client, ds.Metadata.Name);
        var first = CurHistory(ds, await WaitForHistoryCreatedAsync(client, ds, 1));
        Assert.Equal(1, first.Revision);
        CheckPodsHash(await PodsAsync(client, ds), Hash(first.Metadata)!);

        ds = await PatchImageAsync(client, ds.Metadata.Name, NewImage);
        var maxUnavailable = await PollImageAndAvailabilityAsync(client, ds, NewImage);
        Assert.True(maxUnavailable <= 1, $"saw {maxUnavailable} unavailable pods");

        await WaitRunningOnAllNodesAsync(client, ds);
        var revisions = await WaitForHistoryCreatedAsync(client, ds, 2);
        var current = CurHistory(ds, revisions);
        Assert.Equal(2, current.Revision);
        CheckPodsHash(await PodsAsync(client, ds), Hash(current.Metadata)!);
        var status = (await Eventually.Get(() => GetAsync(client, ds.Metadata.Name), d => d.Status.UpdatedNumberScheduled == 4 && d.Status.NumberAvailable == 4, what: "status caught up")).Status;
        Assert.Equal(0, status.NumberUnavailable ?? 0);
    }

    [Fact]
    public async Task Rollback_WithoutUnnecessaryRestarts()
    {
        await using var server = Start(nodes: 3);
        var client = server.Client;
        var ds = await CreateAsync(client, DaemonSet("daemon-set", strategy: RollingUpdate()));
        await WaitRunningOnAllNodesAsync(client, ds);

        const string broken = "foo:non-existent";
        ds = await UpdateAsync(client, ds.Metadata.Name, d => d.Spec.Template.Spec.Containers[0].Image = broken);
        var pods = await Eventually.Get(() => PodsAsync(client, ds), ps => ps.Any(p => p.Spec.Containers[0].Image == broken), what: "a pod with the broken image");
        var existing = new List<string>();
        var withBroken = 0;
        foreach (var pod in pods.Where(p => !IsDeleting(p)))
        {
            var image = pod.Spec.Containers[0].Image;
            if (image == OriginalImage)
            {
                existing.Add(pod.Metadata.Name);
            }
            else
            {
                Assert.Equal(broken, image);
                withBroken++;
            }
        }
        Assert.NotEmpty(existing);
        Assert.True(withBroken >= 1);
        // The broken pod stays unready, so the rollout is stuck at maxUnavailable: the survivors are untouched.
        var brokenPod = await Eventually.Get(() => PodsAsync(client, ds),
            ps => ps.Any(p => p.Status?.ContainerStatuses?.Any(c => c.State?.Waiting?.Reason == "ImagePullBackOff") == true), what: "ImagePullBackOff");
        Assert.Equal(2, brokenPod.Count(p => !IsDeleting(p) && p.Spec.Containers[0].Image == OriginalImage));

        ds = await UpdateAsync(client, ds.Metadata.Name, d => d.Spec.Template.Spec.Containers[0].Image = OriginalImage);
        var maxUnavailable = await PollImageAndAvailabilityAsync(client, ds, OriginalImage);
        Assert.True(maxUnavailable <= 1, $"saw {maxUnavailable} unavailable pods");

        var after = (await PodsAsync(client, ds)).Select(p => p.Metadata.Name).ToHashSet();
        Assert.All(existing, name => Assert.Contains(name, after));
        // The rollback reused revision 1, renumbered to max + 1 (update.go constructHistory).
        var revisions = await WaitForHistoryCreatedAsync(client, ds, 2);
        ds = await GetAsync(client, ds.Metadata.Name);
        Assert.Equal(3, CurHistory(ds, revisions).Revision);
    }

    /// <summary>
    /// Polls checkDaemonPodsImageAndAvailability until every node runs <paramref name="image"/>; returns the largest
    /// number of unavailable non-deleting controlled pods seen at any poll.
    /// </summary>
    internal static async Task<int> PollImageAndAvailabilityAsync(k8s.Kubernetes client, V1DaemonSet ds, string image, TimeSpan? timeout = null)
    {
        var nodes = (await client.ListNodeAsync()).Items.Select(n => n.Metadata.Name).ToList();
        var max = 0;
        await Eventually.Get(() => PodsAsync(client, ds), pods =>
        {
            var now = DateTimeOffset.UtcNow;
            var live = pods.Where(p => !IsDeleting(p)).ToList();
            max = Math.Max(max, live.Count(p => !IsAvailable(p, ds.Spec.MinReadySeconds ?? 0, now)));
            return nodes.All(n => live.Any(p => NodeOf(p) == n && p.Spec.Containers[0].Image == image));
        }, timeout ?? TimeSpan.FromSeconds(20), $"every node runs {image}");
        return max;
    }
}
