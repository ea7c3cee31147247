namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// garbagecollector/graph.go node. A virtual node stands for an owner that a dependent names but that has
/// not been observed; the collector verifies it with a fresh lookup.
/// </summary>
public sealed class GraphNode(ObjectIdentity identity, bool isVirtual)
{
    private HashSet<string>? _dependents;

    public ObjectIdentity Identity { get; set; } = identity;
    public bool Virtual { get; set; } = isVirtual;
    public IReadOnlyList<OwnerRef> Owners { get; set; } = [];
    public bool BeingDeleted { get; set; }
    public bool DeletingDependents { get; set; }
    public bool Orphaning { get; set; }

    /// <summary>Most objects (every pod) never have a dependent: the set exists only once one is added.</summary>
    public IReadOnlyCollection<string> Dependents => (IReadOnlyCollection<string>?)_dependents ?? [];

    public void AddDependent(string uid) => (_dependents ??= new HashSet<string>(StringComparer.Ordinal)).Add(uid);

    public void RemoveDependent(string uid) => _dependents?.Remove(uid);
}
