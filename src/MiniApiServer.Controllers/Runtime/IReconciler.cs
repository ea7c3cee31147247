namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// A level-based reconciler: given a key, re-read the current state, decide, act, and report. Throwing
/// requeues the key with per-key exponential backoff.
/// </summary>
public interface IReconciler<TKey>
{
    string Name { get; }

    Task<ReconcileResult> ReconcileAsync(TKey key, CancellationToken ct);
}
