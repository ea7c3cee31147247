namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// flowcontrol.Backoff as kube-controller-manager passes it to the DaemonSet controller: 1s doubling to
/// 15m per key "dsUID/observedGeneration/node", so a crash-looping daemon pod is not recreated hot.
/// </summary>
public sealed class FailedPodBackoff(TimeProvider time)
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Max = TimeSpan.FromMinutes(15);
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (TimeSpan Delay, DateTimeOffset LastUpdate)> _entries = [];

    public TimeSpan? RemainingBackoff(string key)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var e))
            {
                return null;
            }
            var remaining = e.LastUpdate + e.Delay - time.GetUtcNow();
            return remaining > TimeSpan.Zero ? remaining : null;
        }
    }

    public void Next(string key)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var delay = _entries.TryGetValue(key, out var e) && now - e.LastUpdate < Max * 2
                ? TimeSpan.FromTicks(Math.Min(Max.Ticks, e.Delay.Ticks * 2))
                : Initial;
            _entries[key] = (delay, now);
            if (_entries.Count > 50_000)
            {
                // BackoffGCInterval analogue: forget entries whose delay has long passed.
                foreach (var stale in _entries.Where(kv => now - kv.Value.LastUpdate > Max * 2).Select(kv => kv.Key).ToList())
                {
                    _entries.Remove(stale);
                }
            }
        }
    }
}
