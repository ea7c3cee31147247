namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>What a fresh lookup says about one owner reference (garbagecollector.go isDangling / classifyReferences).</summary>
public enum OwnerState
{
    /// <summary>Exists with the referenced uid and is not waiting for its dependents.</summary>
    Solid,

    /// <summary>Not found, or found with another uid.</summary>
    Dangling,

    /// <summary>Exists and is in foreground deletion, waiting for its dependents to go.</summary>
    WaitingForDependentsDeletion,
}
