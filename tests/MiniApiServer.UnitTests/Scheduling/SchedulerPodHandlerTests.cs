using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Controllers.Scheduling;

namespace MiniApiServer.UnitTests.Scheduling;

/// <summary>pkg/scheduler/eventhandlers.go updatePodInCache: an update whose UID changed is a delete and an add.</summary>
public sealed class SchedulerPodHandlerTests : IDisposable
{
    private readonly WorkQueue<string> _queue = new(new FakeTimeProvider());
    private readonly AssumedPods _assumed = new();

    public void Dispose() => _queue.Dispose();

    [Fact]
    public void AnUpdateThatReplacedThePod_ForgetsTheOldPodsAssumption_AndQueuesTheNewOne()
    {
        var handler = new SchedulerPodHandler(_queue, new UnschedulablePods(), _assumed);
        var old = Pod("uid-1", node: "n1");
        _assumed.Assume(old, "n1");

        handler.OnUpdate(old, Pod("uid-2", node: null));

        Assert.False(_assumed.IsAssumed("uid-1"));
        Assert.Empty(_assumed.On("n1", []));
        Assert.Equal(1, _queue.Depth);
    }

    [Fact]
    public void AnUpdateOfTheSamePod_KeepsAnAssumptionUntilItIsBound()
    {
        var handler = new SchedulerPodHandler(_queue, new UnschedulablePods(), _assumed);
        var pending = Pod("uid-1", node: null);
        _assumed.Assume(pending, "n1");

        handler.OnUpdate(pending, Pod("uid-1", node: null, label: "changed"));

        Assert.True(_assumed.IsAssumed("uid-1"));
    }

    [Fact]
    public void AGatedPod_IsNotQueued_UntilAnUpdateRemovesItsLastGate()
    {
        var handler = new SchedulerPodHandler(_queue, new UnschedulablePods(), _assumed);
        var gated = Pod("uid-1", node: null);
        gated.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/a" }, new V1PodSchedulingGate { Name = "example.com/b" }];
        var oneGate = Pod("uid-1", node: null);
        oneGate.Spec.SchedulingGates = [new V1PodSchedulingGate { Name = "example.com/b" }];

        handler.OnAdd(gated);
        handler.OnUpdate(gated, oneGate);
        Assert.Equal(0, _queue.Depth);

        handler.OnUpdate(oneGate, Pod("uid-1", node: null));
        Assert.Equal(1, _queue.Depth);
    }

    private static V1Pod Pod(string uid, string? node, string label = "x") => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = uid, Labels = new Dictionary<string, string> { ["l"] = label } },
        Spec = new V1PodSpec { NodeName = node, SchedulerName = PodSchedulingState.SchedulerName, Containers = [new V1Container { Name = "c" }] },
    };
}
