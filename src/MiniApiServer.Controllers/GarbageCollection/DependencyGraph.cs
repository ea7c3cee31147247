using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// The uid → node graph of garbagecollector/graph_builder.go processGraphChanges. Every mutation returns
/// the uids that now need a look from the collector; the graph itself never writes to the API.
/// </summary>
public sealed class DependencyGraph(ResourceRegistry registry)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, GraphNode> _nodes = new(StringComparer.Ordinal);

    public int Count
    {
        get { lock (_lock) { return _nodes.Count; } }
    }

    /// <summary>An add or update of a real object.</summary>
    public List<string> Observe(ObservedObject obj)
    {
        var uid = obj.Identity.Uid;
        var enqueue = new List<string>();
        if (uid.Length == 0)
        {
            return enqueue;
        }
        lock (_lock)
        {
            if (!_nodes.TryGetValue(uid, out var node))
            {
                node = new GraphNode(obj.Identity, isVirtual: false);
                _nodes[uid] = node;
                AddToOwners(node, obj.Owners, enqueue);
            }
            else
            {
                node.Identity = obj.Identity;
                node.Virtual = false;
                var old = node.Owners.ToDictionary(o => o.Uid, StringComparer.Ordinal);
                var current = obj.Owners.ToDictionary(o => o.Uid, StringComparer.Ordinal);
                var removed = old.Values.Where(o => !current.ContainsKey(o.Uid)).ToList();
                var added = obj.Owners.Where(o => !old.ContainsKey(o.Uid)).ToList();
                var unblocked = old.Values.Where(o => o.BlockOwnerDeletion && current.TryGetValue(o.Uid, out var c) && !c.BlockOwnerDeletion);
                // addUnblockedOwnersToDeleteQueue: an owner waiting in foreground deletion may now be free to go.
                foreach (var o in removed.Concat(unblocked))
                {
                    if (_nodes.TryGetValue(o.Uid, out var owner) && owner.DeletingDependents)
                    {
                        enqueue.Add(o.Uid);
                    }
                }
                foreach (var o in removed)
                {
                    DetachFrom(o.Uid, uid);
                }
                AddToOwners(node, added, enqueue);
            }
            node.Owners = obj.Owners;
            // processTransitions: act when an object starts waiting for its dependents to be orphaned or deleted.
            if (obj.Orphaning && !node.Orphaning)
            {
                enqueue.Add(uid);
            }
            if (obj.DeletingDependents && !node.DeletingDependents)
            {
                enqueue.AddRange(node.Dependents);
                enqueue.Add(uid);
            }
            node.BeingDeleted = obj.BeingDeleted;
            node.Orphaning = obj.Orphaning;
            node.DeletingDependents = obj.DeletingDependents;
        }
        return enqueue;
    }

    /// <summary>The object is gone (deleted, or a virtual owner verified absent): its dependents must be looked at.</summary>
    public List<string> Remove(string uid)
    {
        var enqueue = new List<string>();
        lock (_lock)
        {
            if (!_nodes.Remove(uid, out var node))
            {
                return enqueue;
            }
            enqueue.AddRange(node.Dependents);
            foreach (var o in node.Owners)
            {
                if (_nodes.TryGetValue(o.Uid, out var owner) && owner.DeletingDependents)
                {
                    enqueue.Add(o.Uid);
                }
                DetachFrom(o.Uid, uid);
            }
        }
        return enqueue;
    }

    public NodeSnapshot? Snapshot(string uid)
    {
        lock (_lock)
        {
            if (!_nodes.TryGetValue(uid, out var node))
            {
                return null;
            }
            var dependents = new List<DependentInfo>(node.Dependents.Count);
            foreach (var depUid in node.Dependents)
            {
                if (_nodes.TryGetValue(depUid, out var dep))
                {
                    var blocks = dep.Owners.Any(o => o.Uid == uid && o.BlockOwnerDeletion);
                    dependents.Add(new DependentInfo(dep.Identity, blocks, dep.DeletingDependents));
                }
            }
            return new NodeSnapshot(node.Identity, node.Virtual, dependents);
        }
    }

    public bool IsVirtual(string uid)
    {
        lock (_lock)
        {
            return _nodes.TryGetValue(uid, out var node) && node.Virtual;
        }
    }

    private void AddToOwners(GraphNode dependent, IEnumerable<OwnerRef> owners, List<string> enqueue)
    {
        foreach (var o in owners)
        {
            if (!_nodes.TryGetValue(o.Uid, out var owner))
            {
                owner = new GraphNode(OwnerKinds.OwnerIdentity(registry, o, dependent.Identity.Namespace), isVirtual: true);
                _nodes[o.Uid] = owner;
                enqueue.Add(o.Uid);
            }
            owner.AddDependent(dependent.Identity.Uid);
        }
    }

    private void DetachFrom(string ownerUid, string dependentUid)
    {
        if (_nodes.TryGetValue(ownerUid, out var owner))
        {
            owner.RemoveDependent(dependentUid);
            if (owner.Virtual && owner.Dependents.Count == 0)
            {
                _nodes.Remove(ownerUid);
            }
        }
    }
}
