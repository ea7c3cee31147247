namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>What attemptToDeleteItem decided for one dependent.</summary>
public abstract record GcAction
{
    public sealed record None : GcAction;

    /// <summary>Keep the object but drop references to owners that are gone or going.</summary>
    public sealed record RemoveOwnerReferences(IReadOnlyList<string> OwnerUids) : GcAction;

    public sealed record Delete(string PropagationPolicy) : GcAction;

    public static readonly GcAction Nothing = new None();
}
