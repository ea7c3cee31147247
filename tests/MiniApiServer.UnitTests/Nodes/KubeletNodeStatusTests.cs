using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.UnitTests.Nodes;

public sealed class KubeletNodeStatusTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static V1Node Bare(string name = "kwok-0") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = "n1", Annotations = new Dictionary<string, string> { [KwokNode.ManagedAnnotation] = "fake" } },
    };

    [Fact]
    public void BareKwokNode_IsFilledInAndReady()
    {
        var node = Bare();
        Assert.True(KubeletNodeStatus.NeedsUpdate(node, Now));
        KubeletNodeStatus.Apply(node, "10.0.0.9", Now);
        Assert.False(KubeletNodeStatus.NeedsUpdate(node, Now.AddSeconds(30)));
        Assert.Equal(["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"], node.Status.Conditions.Select(c => c.Type));
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("True", "KubeletReady", "kubelet is posting ready status"), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(Now.UtcDateTime, ready.LastHeartbeatTime);
        Assert.Equal("10.0.0.9", KwokNode.InternalIp(node));
        Assert.Equal("kwok-0", node.Status.Addresses.Single(a => a.Type == "Hostname").Address);
        Assert.Equal("MiniApiServer simulated node", node.Status.NodeInfo.OsImage);
        Assert.Equal(10250, node.Status.DaemonEndpoints.KubeletEndpoint.Port);
    }

    [Fact]
    public void HeartbeatIsReportedAfterReportFrequency()
    {
        var node = Bare();
        KubeletNodeStatus.Apply(node, "10.0.0.9", Now);
        Assert.True(KubeletNodeStatus.NeedsUpdate(node, Now + KubeletNodeStatus.ReportFrequency));
    }

    [Fact]
    public void UnknownReady_ReturnsToTrueWithNewTransitionTime()
    {
        var node = Bare();
        KubeletNodeStatus.Apply(node, "10.0.0.9", Now);
        var ready = node.Status.Conditions.Single(c => c.Type == "Ready");
        ready.Status = "Unknown";
        ready.Reason = "NodeStatusUnknown";
        Assert.True(KubeletNodeStatus.NeedsUpdate(node, Now.AddSeconds(1)));
        KubeletNodeStatus.Apply(node, "10.0.0.9", Now.AddSeconds(5));
        Assert.Equal("True", ready.Status);
        Assert.Equal(Now.AddSeconds(5).UtcDateTime, ready.LastTransitionTime);
    }

    [Fact]
    public void ExistingStatusFromManifest_IsKept()
    {
        var node = Bare();
        node.Status = new V1NodeStatus { Capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("32") } };
        KubeletNodeStatus.Apply(node, "10.0.0.9", Now);
        Assert.Equal("32", node.Status.Capacity["cpu"].ToString());
    }

    [Fact]
    public void ManifestAddressesWithoutInternalIp_GetOneAndKeepTheRest()
    {
        var node = Bare();
        node.Status = new V1NodeStatus { Addresses = [new V1NodeAddress { Type = "ExternalIP", Address = "203.0.113.4" }] };
        Assert.True(KubeletNodeStatus.NeedsUpdate(node, Now));
        KubeletNodeStatus.Apply(node, "10.0.0.9", Now);
        Assert.Equal([("InternalIP", "10.0.0.9"), ("ExternalIP", "203.0.113.4")], node.Status.Addresses.Select(a => (a.Type, a.Address)));
        Assert.False(KubeletNodeStatus.NeedsUpdate(node, Now.AddSeconds(30)));
    }

    [Fact]
    public void Lease_IsDueAfterInterval()
    {
        var node = Bare();
        var lease = NodeLease.Build(node, Now);
        Assert.Equal("n1", lease.Metadata.OwnerReferences.Single().Uid);
        Assert.Equal(40, lease.Spec.LeaseDurationSeconds);
        Assert.False(NodeLease.IsDue(lease, Now.AddSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
        Assert.True(NodeLease.IsDue(lease, Now.AddSeconds(9), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(1)));
        Assert.True(NodeLease.IsDue(null, Now, TimeSpan.FromSeconds(10), TimeSpan.Zero));
    }

    [Fact]
    public void AddressPool_PrefersIndexAndSkipsReserved()
    {
        var pool = new AddressPool("10.0");
        pool.Reserve("10.0.0.2");
        Assert.Equal("10.0.0.1", pool.Allocate(1));
        Assert.Equal("10.0.0.3", pool.Allocate(2));
        Assert.Equal("10.0.1.1", pool.Allocate(255));
        Assert.Equal("10.0.0.4", pool.Allocate());
    }
}
