using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Rollouts.RolloutFixture;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>
/// TestDaemonSetRollingUpdateWithTolerations (§6.5): surge rollouts that move pods between tainted zones keep
/// the old pods on no-longer-eligible nodes until the new ones are available.
/// </summary>
public sealed class RollingUpdateWithTolerationsTests
{
    [Fact]
    public async Task RollingUpdate_TolerationChanges_MovePodsWithoutLosingAvailability()
    {
        // Upstream marks pods ready by hand; a slow kubelet keeps the surge peak (all creations observed before any new pod is ready) visible.
        await using var server = Start(nodes: 0, new Dictionary<string, string> { ["Controllers:SimulatedReadyDelay"] = "00:00:02" });
        var client = server.Client;
        foreach (var (zone, i) in new[] { ("y", 0), ("y", 1), ("z", 2), ("z", 3), ("common", 4), ("common", 5) })
        {
            await client.CreateNodeAsync(new V1Node
            {
                Metadata = new V1ObjectMeta
                {
                    Name = $"node-{i}",
                    Labels = new Dictionary<string, string> { ["zone"] = zone },
                    Annotations = new Dictionary<string, string> { ["kwok.x-k8s.io/node"] = "fake" },
                },
                Spec = new V1NodeSpec { Taints = [new V1Taint { Key = $"zone-{zone}", Effect = "NoSchedule" }] },
            });
        }
        await Eventually.True(async () => (await client.ListNodeAsync()).Items.Count(n => n.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true) == 6,
            what: "6 nodes ready");

        var manifest = DaemonSet("foo", strategy: RollingUpdate(maxUnavailable: "0", maxSurge: "1"));
        manifest.Spec.Template.Spec.Tolerations = Tolerate("y", "common");
        var ds = await CreateAsync(client, manifest);
        await ExpectSettledAsync(client, ds, 4);

        var peak = 0;
        await using var watch = await PodWatch.StartAsync(server.Http, (_, _, pods) =>
            peak = Math.Max(peak, pods.Count(p => IsControlledBy(p, ds) && !IsDeleting(p) && p.Status?.Phase is not ("Succeeded" or "Failed"))));

        // 2 new pods on zone-z, 1 surged on zone-common, the 2 old zone-y pods kept running, 2 untouched zone-common pods.
        await UpdateAsync(client, "foo", d => d.Spec.Template.Spec.Tolerations = Tolerate("z", "common"));
        await ExpectSettledAsync(client, ds, 4);
        await watch.CatchUpAsync();
        Assert.Equal(7, peak);
        Assert.All(await PodsAsync(client, ds), p => Assert.StartsWith("node-", p.Spec.NodeName, StringComparison.Ordinal));
        Assert.DoesNotContain(await PodsAsync(client, ds), p => p.Spec.NodeName is "node-0" or "node-1");

        peak = 0;
        await UpdateAsync(client, "foo", d => d.Spec.Template.Spec.Tolerations = Tolerate("y", "z", "common"));
        await ExpectSettledAsync(client, ds, 6);
        await watch.CatchUpAsync();
        Assert.Equal(7, peak);

        await UpdateAsync(client, "foo", d => d.Spec.Template.Spec.Tolerations = null);
        await ExpectSettledAsync(client, ds, 0);
    }

    private static List<V1Toleration> Tolerate(params string[] zones) =>
        zones.Select(z => new V1Toleration { Key = $"zone-{z}", OperatorProperty = "Exists" }).ToList();

    /// <summary>validateDaemonSetPodsActive + validateDaemonSetStatus + validateUpdatedNumberScheduled.</summary>
    private static async Task ExpectSettledAsync(Kubernetes client, V1DaemonSet ds, int count)
    {
        await Eventually.Get(() => PodsAsync(client, ds), pods => pods.Count == count && pods.All(p => !IsDeleting(p) && IsAvailable(p, 0, DateTimeOffset.UtcNow)),
            what: $"{count} ready pods");
        await Eventually.Get(() => GetAsync(client, ds.Metadata.Name),
            d => d.Status.ObservedGeneration == d.Metadata.Generation && d.Status.NumberReady == count && d.Status.UpdatedNumberScheduled == count && d.Status.DesiredNumberScheduled == count,
            what: $"status ready={count} updated={count}");
    }
}
