using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.DaemonSets.DaemonSetKit;

namespace MiniApiServer.IntegrationTests.DaemonSets;

/// <summary>One daemon pod per eligible node, built as pkg/controller/daemon builds it.</summary>
public sealed class DaemonSetPlacementTests : ServerTest
{
    protected override ApiServerHost StartServer() => Start(nodes: 3);

    [Fact]
    public async Task ThreeNodes_OneRunningReadyPodPerNode_WithUpstreamPodShapeAndStatus()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(NewDaemonSet("placement"), Namespace);
        await WaitRunningExactlyOn(Client, ds, "node-1", "node-2", "node-3");
        foreach (var pod in await DaemonPods(Client, ds))
        {
            Assert.Equal("Running", pod.Status.Phase);
            Assert.StartsWith("placement-", pod.Metadata.Name, StringComparison.Ordinal);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("DaemonSet", "placement", ds.Metadata.Uid, true, true), (owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
            var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
            var field = Assert.Single(term.MatchFields);
            Assert.Equal(("metadata.name", "In", pod.Spec.NodeName), (field.Key, field.OperatorProperty, Assert.Single(field.Values)));
            foreach (var (key, effect) in new[] { ("node.kubernetes.io/not-ready", "NoExecute"), ("node.kubernetes.io/unreachable", "NoExecute"),
                ("node.kubernetes.io/disk-pressure", "NoSchedule"), ("node.kubernetes.io/memory-pressure", "NoSchedule"),
                ("node.kubernetes.io/pid-pressure", "NoSchedule"), ("node.kubernetes.io/unschedulable", "NoSchedule") })
            {
                Assert.Contains(pod.Spec.Tolerations, t => t.Key == key && t.Effect == effect && t.OperatorProperty == "Exists" && t.TolerationSeconds is null);
            }
            Assert.Equal("1", pod.Metadata.Labels["pod-template-generation"]);
            Assert.False(string.IsNullOrEmpty(pod.Metadata.Labels["controller-revision-hash"]));
        }
        var live = await Eventually.Get(() => Client.ReadNamespacedDaemonSetAsync("placement", Namespace),
            d => d.Status.NumberAvailable == 3 && d.Status.UpdatedNumberScheduled == 3, what: "status 3/3");
        var s = live.Status;
        Assert.Equal((3, 3, 3, 3, 3, 0), (s.DesiredNumberScheduled, s.CurrentNumberScheduled, s.NumberReady, s.NumberAvailable ?? 0, s.UpdatedNumberScheduled ?? 0, s.NumberMisscheduled));
        Assert.Equal(live.Metadata.Generation, s.ObservedGeneration);
    }

    [Fact]
    public async Task EmptySelectorLookalike_IsRejectedByValidation()
    {
        var ds = NewDaemonSet("bad");
        ds.Spec.Selector = new V1LabelSelector();
        var ex = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Client.CreateNamespacedDaemonSetAsync(ds, Namespace));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, ex.Response.StatusCode);
        Assert.Contains("empty selector is invalid for daemonset", ex.Response.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PodTooLargeForEveryNode_IsUnschedulableWithFailedSchedulingEvent()
    {
        var spec = NewDaemonSet("huge");
        spec.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("64") },
        };
        var ds = await Client.CreateNamespacedDaemonSetAsync(spec, Namespace);
        var pod = await Eventually.Get(async () => (await DaemonPods(Client, ds)).FirstOrDefault(),
            p => p?.Status?.Conditions?.Any(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable") == true,
            what: "pod unschedulable");
        Assert.Contains("Insufficient cpu", pod!.Status.Conditions.First(c => c.Type == "PodScheduled").Message, StringComparison.Ordinal);
        await Eventually.True(async () => (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.name={pod.Metadata.Name}"))
            .Items.Any(e => e.Reason == "FailedScheduling" && e.Message.StartsWith("0/3 nodes are available", StringComparison.Ordinal)), what: "FailedScheduling event");
    }
}
