namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// A budget for one evaluation, as apiserver's RuntimeCELCostBudget (10,000,000) bounds cel-go's: comprehension steps,
/// list elements read and the length of strings and lists built are charged, so `all(x, list.exists_one(...))` over a
/// large object or a string doubled in a chain of variables ends in a CEL error instead of holding a thread or the heap.
/// </summary>
internal static class CelCost
{
    public const long Budget = 10_000_000;

    [ThreadStatic]
    private static long t_spent;

    [ThreadStatic]
    private static bool t_shared;

    /// <summary>A new top-level evaluation on this thread (nested programs, a policy's variables, share their reader's budget).</summary>
    public static void Reset()
    {
        if (!t_shared)
        {
            t_spent = 0;
        }
    }

    /// <summary>
    /// One budget for every evaluation on this thread until disposed, as a custom resource's rules share
    /// RuntimeCELCostBudget across the whole object (apiextensions-apiserver schema/cel/validation.go).
    /// </summary>
    public static SharedBudget Share()
    {
        t_spent = 0;
        t_shared = true;
        return default;
    }

    public readonly struct SharedBudget : IDisposable
    {
        public void Dispose() => t_shared = false;
    }

    public static void Charge(long units)
    {
        t_spent += units;
        if (t_spent > Budget)
        {
            throw new CelException("operation cancelled: actual cost limit exceeded");
        }
    }
}
