using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.UnitTests.Nodes;

public sealed class TaintEvictionPlanTests
{
    private static readonly V1Taint UnreachableNoExecute = new() { Key = NodeTaints.Unreachable, Effect = "NoExecute" };
    private static readonly V1Taint NotReadyNoExecute = new() { Key = NodeTaints.NotReady, Effect = "NoExecute" };

    private static V1Toleration Tol(string? key, long? seconds = null, string? effect = "NoExecute", string op = "Exists", string? value = null) =>
        new() { Key = key, Effect = effect, OperatorProperty = op, Value = value, TolerationSeconds = seconds };

    [Fact]
    public void NoNoExecuteTaints_Keep()
    {
        Assert.Equal(TaintEvictionAction.Keep, TaintEvictionPlan.Decide([new V1Taint { Key = "x", Effect = "NoSchedule" }], null).Action);
    }

    [Fact]
    public void UntoleratedTaint_EvictNow()
    {
        Assert.Equal(TaintEvictionAction.EvictNow, TaintEvictionPlan.Decide([UnreachableNoExecute], [Tol(NodeTaints.NotReady, 300)]).Action);
    }

    [Fact]
    public void ToleratedWithSeconds_EvictAfterMinimum()
    {
        var plan = TaintEvictionPlan.Decide([UnreachableNoExecute, NotReadyNoExecute], [Tol(NodeTaints.Unreachable, 300), Tol(NodeTaints.NotReady, 2)]);
        Assert.Equal(new TaintEvictionPlan(TaintEvictionAction.EvictAfter, TimeSpan.FromSeconds(2)), plan);
    }

    [Fact]
    public void DaemonSetStyleTolerationsWithoutSeconds_Keep()
    {
        Assert.Equal(TaintEvictionAction.Keep, TaintEvictionPlan.Decide([UnreachableNoExecute], [Tol(NodeTaints.NotReady), Tol(NodeTaints.Unreachable)]).Action);
    }

    [Fact]
    public void NonPositiveSeconds_EvictNow()
    {
        Assert.Equal(TaintEvictionAction.EvictNow, TaintEvictionPlan.Decide([UnreachableNoExecute], [Tol(NodeTaints.Unreachable, 0)]).Action);
    }

    [Fact]
    public void Toleration_MatchingRules()
    {
        var taint = new V1Taint { Key = "k", Value = "v", Effect = "NoExecute" };
        Assert.True(TaintToleration.Tolerates(Tol(null, effect: null), taint));
        Assert.True(TaintToleration.Tolerates(Tol("k", op: "Equal", value: "v"), taint));
        Assert.False(TaintToleration.Tolerates(Tol("k", op: "Equal", value: "w"), taint));
        Assert.False(TaintToleration.Tolerates(Tol("k", effect: "NoSchedule"), taint));
        Assert.False(TaintToleration.Tolerates(Tol("other"), taint));
    }
}
