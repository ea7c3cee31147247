using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Nodes;

public sealed class SimulatedKubeletTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public async Task InitializeAsync() => _server = await NodeFixtures.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Nodes3_RegistersReadyNodesWithRenewingLeases()
    {
        var nodes = await Eventually.Get(() => _server.Client.ListNodeAsync(), l => l.Items.Count == 3 && l.Items.All(NodeFixtures.IsReady), what: "3 Ready nodes");
        Assert.Equal(["node-1", "node-2", "node-3"], nodes.Items.Select(n => n.Metadata.Name).Order());
        var node = nodes.Items.Single(n => n.Metadata.Name == "node-2");
        Assert.Equal("node-2", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("amd64", node.Metadata.Labels["beta.kubernetes.io/arch"]);
        Assert.Equal("fake", node.Metadata.Annotations["kwok.x-k8s.io/node"]);
        Assert.Equal("110", node.Status.Capacity["pods"].ToString());
        Assert.Equal("16Gi", node.Status.Allocatable["memory"].ToString());
        Assert.Equal("v1.32.4", node.Status.NodeInfo.KubeletVersion);
        Assert.Equal("fake://1.0", node.Status.NodeInfo.ContainerRuntimeVersion);
        Assert.Equal("KubeletReady", NodeFixtures.Condition(node, "Ready")!.Reason);
        Assert.Equal("False", NodeFixtures.Condition(node, "MemoryPressure")!.Status);
        var ips = nodes.Items.Select(n => n.Status.Addresses.Single(a => a.Type == "InternalIP").Address).ToList();
        Assert.Equal(3, ips.Distinct().Count());
        Assert.All(ips, ip => Assert.StartsWith("10.0.", ip, StringComparison.Ordinal));

        var lease = await Eventually.Get(() => _server.Client.ReadNamespacedLeaseAsync("node-1", "kube-node-lease"), l => l.Spec?.RenewTime is not null, what: "lease");
        Assert.Equal("node-1", lease.Spec.HolderIdentity);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        Assert.Equal("Node", lease.Metadata.OwnerReferences.Single().Kind);
        var first = lease.Spec.RenewTime!.Value;
        await Eventually.Get(() => _server.Client.ReadNamespacedLeaseAsync("node-1", "kube-node-lease"), l => l.Spec.RenewTime > first, what: "lease renewed");
    }

    [Fact]
    public async Task KwokNodeCreatedThroughApi_BecomesReadyWithLease()
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = "kwok-node-0",
                Annotations = new Dictionary<string, string> { ["kwok.x-k8s.io/node"] = "fake" },
                Labels = new Dictionary<string, string> { ["type"] = "kwok" },
            },
        };
        await _server.Client.CreateNodeAsync(node);
        var ready = await Eventually.Get(() => _server.Client.ReadNodeAsync("kwok-node-0"), NodeFixtures.IsReady, what: "KWOK node Ready");
        Assert.Contains(ready.Status.Addresses, a => a.Type == "InternalIP");
        Assert.Equal("4", ready.Status.Capacity["cpu"].ToString());
        await Eventually.Get(() => _server.Client.ReadNamespacedLeaseAsync("kwok-node-0", "kube-node-lease"), l => l.Spec.HolderIdentity == "kwok-node-0", what: "lease");
    }

    [Theory]
    [InlineData("no-status", false)]
    [InlineData("hostname-only", true)]
    public async Task KwokNodeWithoutInternalIp_PodsOnItGetHostIpAndPodIp(string name, bool hostnameOnly)
    {
        // The pods are bound before the node exists, so the kubelet meets them the moment the node registers,
        // before any heartbeat could have given the node an address.
        var nodeName = $"bare-{name}";
        var hostNet = NodeFixtures.Pod($"{name}-hostnet", nodeName);
        hostNet.Spec.HostNetwork = true;
        await _server.Client.CreateNamespacedPodAsync(hostNet, "default");
        await _server.Client.CreateNamespacedPodAsync(NodeFixtures.Pod($"{name}-podnet", nodeName), "default");
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = nodeName, Annotations = new Dictionary<string, string> { ["kwok.x-k8s.io/node"] = "fake" } },
            Status = hostnameOnly ? new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "Hostname", Address = nodeName }] } : null,
        };
        await _server.Client.CreateNodeAsync(node);

        var internalIp = (await Eventually.Get(() => _server.Client.ReadNodeAsync(nodeName),
            n => n.Status?.Addresses?.Any(a => a.Type == "InternalIP" && a.Address.Length > 0) == true, what: "node InternalIP"))
            .Status.Addresses.Single(a => a.Type == "InternalIP").Address;
        Assert.StartsWith("10.0.", internalIp, StringComparison.Ordinal);
        var hostPod = await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync($"{name}-hostnet", "default"),
            p => !string.IsNullOrEmpty(p.Status?.HostIP) && !string.IsNullOrEmpty(p.Status.PodIP), what: "host-network pod IPs");
        Assert.Equal(internalIp, hostPod.Status.HostIP);
        Assert.Equal(internalIp, hostPod.Status.PodIP);
        Assert.Equal(internalIp, hostPod.Status.HostIPs.Single().Ip);
        var podNet = await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync($"{name}-podnet", "default"),
            p => !string.IsNullOrEmpty(p.Status?.HostIP) && !string.IsNullOrEmpty(p.Status.PodIP), what: "pod-network pod IPs");
        Assert.Equal(internalIp, podNet.Status.HostIP);
        Assert.StartsWith("10.244.", podNet.Status.PodIP, StringComparison.Ordinal);
        await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync($"{name}-hostnet", "default"),
            p => p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, what: "host-network pod Ready");
    }

    [Fact]
    public async Task PodBoundAtCreate_BecomesRunningThenReady()
    {
        await _server.Client.CreateNamespacedPodAsync(NodeFixtures.Pod("web", "node-1"), "default");
        var running = await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync("web", "default"), p => p.Status?.Phase == "Running", what: "Running");
        Assert.StartsWith("10.244.", running.Status.PodIP, StringComparison.Ordinal);
        Assert.StartsWith("10.0.", running.Status.HostIP, StringComparison.Ordinal);
        var container = running.Status.ContainerStatuses.Single();
        Assert.Equal("nginx:1.27", container.Image);
        Assert.StartsWith("fake://", container.ContainerID, StringComparison.Ordinal);
        Assert.NotNull(container.State.Running.StartedAt);
        Assert.True(container.Started);

        var ready = await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync("web", "default"),
            p => p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, what: "Ready");
        Assert.True(ready.Status.ContainerStatuses.Single().Ready);
        Assert.Equal("True", ready.Status.Conditions.Single(c => c.Type == "ContainersReady").Status);
        Assert.Equal("True", ready.Status.Conditions.Single(c => c.Type == "PodScheduled").Status);
        Assert.Equal(running.Status.PodIP, ready.Status.PodIP);
    }

    [Fact]
    public async Task TerminalPod_IsLeftAlone()
    {
        // Bound by hand below, so the default scheduler must not race for it.
        var pod = NodeFixtures.Pod("done", null);
        pod.Spec.SchedulerName = "manual";
        await _server.Client.CreateNamespacedPodAsync(pod, "default");
        var status = new JsonObject { ["status"] = new JsonObject { ["phase"] = "Succeeded" } };
        await _server.Client.PatchNamespacedPodStatusAsync(new V1Patch(status.ToJsonString(), V1Patch.PatchType.MergePatch), "done", "default");
        var binding = new V1Binding { Metadata = new V1ObjectMeta { Name = "done" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-1" } };
        await _server.Client.CreateNamespacedPodBindingAsync(binding, "done", "default");
        await _server.Client.CreateNamespacedPodAsync(NodeFixtures.Pod("marker", "node-1"), "default");
        await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync("marker", "default"), p => p.Status?.Phase == "Running", what: "marker Running");
        var done = await _server.Client.ReadNamespacedPodAsync("done", "default");
        Assert.Equal("Succeeded", done.Status.Phase);
    }

    [Fact]
    public async Task DeletingPod_KubeletFinishesGracefulDeletion()
    {
        await _server.Client.CreateNamespacedPodAsync(NodeFixtures.Pod("bye", "node-2"), "default");
        await Eventually.Get(() => _server.Client.ReadNamespacedPodAsync("bye", "default"), p => p.Status?.Phase == "Running", what: "Running");
        var terminating = await _server.Client.DeleteNamespacedPodAsync("bye", "default");
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);
        await Eventually.True(() => NodeFixtures.IsGone(_server.Client, "bye"), TimeSpan.FromSeconds(10), "pod deleted");
    }

    [Fact]
    public async Task LeaseRenewTime_IsMicroTime()
    {
        var json = await Eventually.Get(
            async () => JsonNode.Parse(await _server.Http.GetStringAsync("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-3"))!,
            j => j["spec"]?["renewTime"] is not null, what: "lease");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", json["spec"]!["renewTime"]!.GetValue<string>());
    }
}
