namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// The scheduling queue's unschedulablePods and per-pod backoff (pkg/scheduler/backend/queue): which pods
/// failed, how often, and which node events could help them. A pod pinned to one node (a daemon pod) is
/// only woken by that node, so a node update does not stampede thousands of unrelated pods.
/// </summary>
public sealed class UnschedulablePods
{
    /// <summary>pkg/scheduler/scheduler.go DefaultPodInitialBackoffDuration / DefaultPodMaxBackoffDuration.</summary>
    public static readonly TimeSpan InitialBackoff = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (int Attempts, string? PinnedNode)> _pods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byPinnedNode = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unpinned = new(StringComparer.Ordinal);

    public static TimeSpan Backoff(int attempts) =>
        TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, InitialBackoff.Ticks << Math.Clamp(attempts - 1, 0, 20)));

    public bool Contains(string key)
    {
        lock (_lock)
        {
            return _pods.ContainsKey(key);
        }
    }

    /// <summary>Records a failed attempt and returns how long to back off before the next one.</summary>
    public TimeSpan Failed(string key, string? pinnedNode)
    {
        lock (_lock)
        {
            var attempts = 1;
            if (_pods.TryGetValue(key, out var existing))
            {
                attempts = existing.Attempts + 1;
                Unindex(key, existing.PinnedNode);
            }
            _pods[key] = (attempts, pinnedNode);
            if (pinnedNode is null)
            {
                _unpinned.Add(key);
            }
            else
            {
                if (!_byPinnedNode.TryGetValue(pinnedNode, out var set))
                {
                    _byPinnedNode[pinnedNode] = set = new HashSet<string>(StringComparer.Ordinal);
                }
                set.Add(key);
            }
            return Backoff(attempts);
        }
    }

    public void Remove(string key)
    {
        lock (_lock)
        {
            if (_pods.Remove(key, out var existing))
            {
                Unindex(key, existing.PinnedNode);
            }
        }
    }

    /// <summary>Pods a change on <paramref name="node"/> might help: those pinned to it and every unpinned one.</summary>
    public List<string> AffectedBy(string node)
    {
        lock (_lock)
        {
            var keys = new List<string>(_unpinned);
            if (_byPinnedNode.TryGetValue(node, out var set))
            {
                keys.AddRange(set);
            }
            return keys;
        }
    }

    /// <summary>The pods no single node could help, for a change that is not a node's (a volume appearing).</summary>
    public List<string> Unpinned()
    {
        lock (_lock)
        {
            return [.. _unpinned];
        }
    }

    private void Unindex(string key, string? pinnedNode)
    {
        if (pinnedNode is null)
        {
            _unpinned.Remove(key);
        }
        else if (_byPinnedNode.TryGetValue(pinnedNode, out var set))
        {
            set.Remove(key);
            if (set.Count == 0)
            {
                _byPinnedNode.Remove(pinnedNode);
            }
        }
    }
}
