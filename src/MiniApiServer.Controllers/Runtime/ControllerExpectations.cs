using System.Collections.Concurrent;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// pkg/controller/controller_utils.go ControllerExpectations: per owner key, how many creations and deletions
/// the controller issued but its informer has not observed yet. A controller only manages an owner whose
/// expectations are satisfied, so a stale cache cannot make it create or delete twice; expectations that
/// were never observed (a lost event) expire after <see cref="ExpectationsTimeout"/> so the owner is not stuck.
/// </summary>
public sealed class ControllerExpectations(TimeProvider time, string name)
{
    public static readonly TimeSpan ExpectationsTimeout = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, Expectation> _byKey = new(StringComparer.Ordinal);
    private readonly Prometheus.Counter.Child _expired = ControllerMetrics.ExpectationsExpired.WithLabels(name);

    /// <summary>True when nothing is pending for the key, nothing was ever expected, or the expectation expired.</summary>
    public bool SatisfiedExpectations(string key)
    {
        if (!_byKey.TryGetValue(key, out var exp) || exp.Fulfilled)
        {
            return true;
        }
        // Upstream compares with ">": an expectation exactly ExpectationsTimeout old still holds.
        if (time.GetUtcNow() - exp.Timestamp > ExpectationsTimeout)
        {
            _expired.Inc();
            return true;
        }
        return false;
    }

    /// <summary>Replaces whatever was pending for the key, and restarts its timeout.</summary>
    public void SetExpectations(string key, int adds, int deletes) =>
        _byKey[key] = new Expectation(adds, deletes, time.GetUtcNow());

    public void ExpectCreations(string key, int adds) => SetExpectations(key, adds, 0);

    public void ExpectDeletions(string key, int deletes) => SetExpectations(key, 0, deletes);

    public void LowerExpectations(string key, int adds, int deletes)
    {
        if (_byKey.TryGetValue(key, out var exp))
        {
            exp.Add(-adds, -deletes);
        }
    }

    public void CreationObserved(string key) => LowerExpectations(key, 1, 0);

    public void DeletionObserved(string key) => LowerExpectations(key, 0, 1);

    /// <summary>
    /// Forgets every key, when the informers that observe this controller's writes were stopped and have listed again:
    /// a write they never showed would otherwise hold its key back for <see cref="ExpectationsTimeout"/>. What a
    /// kube-controller-manager that lost its lease does by exiting, so that its successor starts with none.
    /// </summary>
    public void Clear() => _byKey.Clear();

    /// <summary>Forgets the key, when its owner is deleted.</summary>
    public void DeleteExpectations(string key) => _byKey.TryRemove(key, out _);

    /// <summary>Pending (adds, deletes) for the key, if any expectation is recorded.</summary>
    public (long Adds, long Deletes)? GetExpectations(string key) =>
        _byKey.TryGetValue(key, out var exp) ? (exp.Adds, exp.Deletes) : null;

    private sealed class Expectation(long adds, long deletes, DateTimeOffset timestamp)
    {
        private long _adds = adds;
        private long _deletes = deletes;

        public DateTimeOffset Timestamp { get; } = timestamp;

        public long Adds => Interlocked.Read(ref _adds);

        public long Deletes => Interlocked.Read(ref _deletes);

        // Observations may overshoot (a terminating pod's updates each count as a deletion, as upstream's
        // updatePod does), so "fulfilled" is at or below zero, not exactly zero.
        public bool Fulfilled => Adds <= 0 && Deletes <= 0;

        public void Add(long adds, long deletes)
        {
            Interlocked.Add(ref _adds, adds);
            Interlocked.Add(ref _deletes, deletes);
        }
    }
}
