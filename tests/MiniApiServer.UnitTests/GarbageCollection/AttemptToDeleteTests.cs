using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.GarbageCollection;

namespace MiniApiServer.UnitTests.GarbageCollection;

public sealed class AttemptToDeleteTests
{
    private static readonly ResourceRegistry Registry = new();

    private static ObservedObject Pod(string uid, OwnerRef[] owners, bool deleting = false, params string[] finalizers) =>
        new(new ObjectIdentity(Registry.Pods, "v1", "Pod", "default", "p-" + uid, uid), owners, deleting, finalizers);

    private static OwnerRef Owner(string uid, bool block = true) => new("apps/v1", "DaemonSet", "ds-" + uid, uid, block);

    private static Dictionary<string, OwnerState> States(params (string Uid, OwnerState State)[] states) =>
        states.ToDictionary(s => s.Uid, s => s.State);

    [Fact]
    public void AllOwnersGone_DeletesInBackground()
    {
        var action = AttemptToDelete.Decide(Pod("p", [Owner("a")]), States(("a", OwnerState.Dangling)), hasDependents: false);
        Assert.Equal(new GcAction.Delete("Background"), action);
    }

    [Fact]
    public void OneLiveOwner_OnlyRemovesTheGoneReferences()
    {
        var action = AttemptToDelete.Decide(Pod("p", [Owner("a"), Owner("b"), Owner("c")]),
            States(("a", OwnerState.Dangling), ("b", OwnerState.Solid), ("c", OwnerState.WaitingForDependentsDeletion)), hasDependents: false);
        var remove = Assert.IsType<GcAction.RemoveOwnerReferences>(action);
        Assert.Equal(["a", "c"], remove.OwnerUids);
    }

    [Fact]
    public void LiveOwnersOnly_DoesNothing()
    {
        Assert.Equal(GcAction.Nothing, AttemptToDelete.Decide(Pod("p", [Owner("a")]), States(("a", OwnerState.Solid)), hasDependents: false));
    }

    [Fact]
    public void OwnerInForeground_DeletesDependentForegroundOnlyIfItHasDependents()
    {
        var pod = Pod("p", [Owner("a")]);
        var states = States(("a", OwnerState.WaitingForDependentsDeletion));
        Assert.Equal(new GcAction.Delete("Foreground"), AttemptToDelete.Decide(pod, states, hasDependents: true));
        Assert.Equal(new GcAction.Delete("Background"), AttemptToDelete.Decide(pod, states, hasDependents: false));
    }

    [Fact]
    public void ExistingPropagationFinalizerIsHonoured_AndObjectsBeingDeletedAreLeftAlone()
    {
        var states = States(("a", OwnerState.Dangling));
        Assert.Equal(new GcAction.Delete("Orphan"), AttemptToDelete.Decide(Pod("p", [Owner("a")], false, "orphan"), states, false));
        Assert.Equal(GcAction.Nothing, AttemptToDelete.Decide(Pod("p", [Owner("a")], deleting: true), states, false));
    }
}
