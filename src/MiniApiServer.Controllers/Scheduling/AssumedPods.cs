using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// The scheduler cache's assumed pods (pkg/scheduler/backend/cache): a pod counts on its chosen node from
/// the moment it is picked until the informer shows it bound, so concurrent binds cannot overcommit a node.
/// </summary>
public sealed class AssumedPods
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string Node, V1Pod Pod)> _byUid = new(StringComparer.Ordinal);

    public void Assume(V1Pod pod, string node)
    {
        lock (_lock)
        {
            _byUid[pod.Metadata.Uid] = (node, pod);
        }
    }

    public bool IsAssumed(string uid)
    {
        lock (_lock)
        {
            return _byUid.ContainsKey(uid);
        }
    }

    public void Forget(string? uid)
    {
        if (uid is null)
        {
            return;
        }
        lock (_lock)
        {
            _byUid.Remove(uid);
        }
    }

    /// <summary>Forgets every assumption, when the informers listed anew after a time stopped (what a restarted kube-scheduler starts from).</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _byUid.Clear();
        }
    }

    /// <summary>Assumed pods on <paramref name="node"/> that are not among <paramref name="bound"/> yet.</summary>
    public List<V1Pod> On(string node, IEnumerable<V1Pod> bound)
    {
        lock (_lock)
        {
            if (_byUid.Count == 0)
            {
                return [];
            }
            var known = bound.Select(p => p.Metadata.Uid).ToHashSet(StringComparer.Ordinal);
            return _byUid.Values.Where(a => a.Node == node && !known.Contains(a.Pod.Metadata.Uid)).Select(a => a.Pod).ToList();
        }
    }
}
