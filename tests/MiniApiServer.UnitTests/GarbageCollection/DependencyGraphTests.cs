using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.GarbageCollection;

namespace MiniApiServer.UnitTests.GarbageCollection;

public sealed class DependencyGraphTests
{
    private static readonly ResourceRegistry Registry = new();

    private static ObservedObject Ds(string uid, bool deleting = false, params string[] finalizers) =>
        new(new ObjectIdentity(Registry.DaemonSets, "apps/v1", "DaemonSet", "default", "ds", uid), [], deleting, finalizers);

    private static ObservedObject Pod(string uid, params OwnerRef[] owners) =>
        new(new ObjectIdentity(Registry.Pods, "v1", "Pod", "default", "p-" + uid, uid), owners, false, []);

    private static OwnerRef Ref(string uid, bool block = true) => new("apps/v1", "DaemonSet", "ds", uid, block);

    [Fact]
    public void UnknownOwner_BecomesAVirtualNodeQueuedForVerification()
    {
        var graph = new DependencyGraph(Registry);
        Assert.Equal(["ds1"], graph.Observe(Pod("p1", Ref("ds1"))));
        Assert.True(graph.IsVirtual("ds1"));
        Assert.Equal("default", graph.Snapshot("ds1")!.Identity.Namespace);
        Assert.Equal(["p1"], graph.Remove("ds1"));
    }

    [Fact]
    public void OwnerDeleted_QueuesItsDependents()
    {
        var graph = new DependencyGraph(Registry);
        graph.Observe(Ds("ds1"));
        Assert.Empty(graph.Observe(Pod("p1", Ref("ds1"))));
        graph.Observe(Pod("p2", Ref("ds1")));
        Assert.Equal(["p1", "p2"], graph.Remove("ds1").Order());
    }

    [Fact]
    public void ForegroundTransition_QueuesDependentsAndOwner_AndDependentRemovalRequeuesOwner()
    {
        var graph = new DependencyGraph(Registry);
        graph.Observe(Ds("ds1"));
        graph.Observe(Pod("p1", Ref("ds1")));
        Assert.Equal(["ds1", "p1"], graph.Observe(Ds("ds1", true, "foregroundDeletion")).Order());
        Assert.True(graph.Snapshot("ds1")!.Dependents.Single().BlocksOwnerDeletion);
        Assert.Equal(["ds1"], graph.Remove("p1"));
        Assert.Empty(graph.Snapshot("ds1")!.Dependents);
    }

    [Fact]
    public void OrphanTransition_QueuesTheOwnerOnce()
    {
        var graph = new DependencyGraph(Registry);
        graph.Observe(Ds("ds1"));
        Assert.Equal(["ds1"], graph.Observe(Ds("ds1", true, "orphan")));
        Assert.Empty(graph.Observe(Ds("ds1", true, "orphan")));
    }
}
