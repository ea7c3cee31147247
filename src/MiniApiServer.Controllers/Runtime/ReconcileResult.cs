namespace MiniApiServer.Controllers.Runtime;

/// <summary>What a reconcile asks of the queue: nothing, or to look again after a delay (time-based rules).</summary>
public readonly record struct ReconcileResult(TimeSpan? RequeueAfter)
{
    public static readonly ReconcileResult Done = new(null);

    public static ReconcileResult After(TimeSpan delay) => new(delay);
}
