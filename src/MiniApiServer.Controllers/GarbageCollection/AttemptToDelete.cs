using MiniApiServer.Application.Objects;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// The decision of garbagecollector.go attemptToDeleteItem for an object that is not itself being deleted,
/// given the state of each owner from a fresh lookup. Pure, so the rules can be read and tested alone.
/// </summary>
public static class AttemptToDelete
{
    public static GcAction Decide(ObservedObject item, IReadOnlyDictionary<string, OwnerState> owners, bool hasDependents)
    {
        if (item.BeingDeleted || item.Owners.Count == 0)
        {
            return GcAction.Nothing;
        }
        var solid = item.Owners.Where(o => State(owners, o) == OwnerState.Solid).ToList();
        var dangling = item.Owners.Where(o => State(owners, o) == OwnerState.Dangling).Select(o => o.Uid).ToList();
        var waiting = item.Owners.Where(o => State(owners, o) == OwnerState.WaitingForDependentsDeletion).Select(o => o.Uid).ToList();
        if (solid.Count > 0)
        {
            // A live owner keeps the object; references to gone or going owners are removed so they stop blocking.
            return dangling.Count == 0 && waiting.Count == 0
                ? GcAction.Nothing
                : new GcAction.RemoveOwnerReferences([.. dangling, .. waiting]);
        }
        if (waiting.Count > 0 && hasDependents)
        {
            // An owner waits in the foreground, so this object must take its own dependents down first.
            return new GcAction.Delete("Foreground");
        }
        // No solid owner: collect it, honouring a propagation the object already carries.
        if (item.Finalizers.Contains(ResourceService.OrphanFinalizer))
        {
            return new GcAction.Delete("Orphan");
        }
        return item.Finalizers.Contains(ResourceService.ForegroundFinalizer)
            ? new GcAction.Delete("Foreground")
            : new GcAction.Delete("Background");
    }

    private static OwnerState State(IReadOnlyDictionary<string, OwnerState> owners, OwnerRef o) =>
        owners.TryGetValue(o.Uid, out var s) ? s : OwnerState.Solid;
}
