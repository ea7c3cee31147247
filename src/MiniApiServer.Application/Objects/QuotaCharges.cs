namespace MiniApiServer.Application.Objects;

/// <summary>
/// Creates in flight in namespaces that have quotas, from admission until the object is stored or refused, with a
/// per-namespace generation that every start and end moves. The quota controller recounts only when none were in
/// flight and the generation did not move while it counted: a create charged to status.used but not yet in the cache
/// (or admitted before the quota's status was filled) would otherwise be counted out of the quota by a recount.
/// A create that was charged and then failed asks for a recount, which gives its charge back.
/// </summary>
public sealed class QuotaCharges
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int InFlight, long Generation)> _byNamespace = new(StringComparer.Ordinal);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    /// <summary>
    /// One namespace's charges are written one at a time, as upstream's evaluator works each namespace's requests in
    /// one queue: concurrent creates would otherwise meet each other's quota writes as conflicts and run out of retries.
    /// </summary>
    public SemaphoreSlim Gate(string ns) => _gates.GetOrAdd(ns, static _ => new SemaphoreSlim(1, 1));

    /// <summary>A namespace whose charge was not followed by its object: the controller recounts it.</summary>
    public event Action<string>? Refunded;

    public Charge Begin(string ns)
    {
        lock (_lock)
        {
            var (inFlight, generation) = _byNamespace.GetValueOrDefault(ns);
            _byNamespace[ns] = (inFlight + 1, generation + 1);
        }
        return new Charge(this, ns);
    }

    /// <summary>The generation to compare after a count, or null while creates are in flight there.</summary>
    public long? Quiet(string ns)
    {
        lock (_lock)
        {
            return _byNamespace.TryGetValue(ns, out var state) ? state.InFlight == 0 ? state.Generation : null : 0;
        }
    }

    private void End(string ns, bool refund)
    {
        lock (_lock)
        {
            var (inFlight, generation) = _byNamespace[ns];
            _byNamespace[ns] = (inFlight - 1, generation + 1);
        }
        if (refund)
        {
            Refunded?.Invoke(ns);
        }
    }

    /// <summary>One create's time in flight; <see cref="Stored"/> once its object is written, else disposing refunds.</summary>
    public sealed class Charge(QuotaCharges owner, string ns) : IDisposable
    {
        private bool _stored;
        private bool _ended;

        public bool Charged { get; set; }

        public void Stored() => _stored = true;

        public void Dispose()
        {
            if (!_ended)
            {
                _ended = true;
                owner.End(ns, Charged && !_stored);
            }
        }
    }
}
