namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// garbagecollector/graph.go node. A virtual node stands for an owner that a dependent names but that has
/// not been observed; the collector verifies it with a fresh lookup.
/// </summary>
public sealed class GraphNode(ObjectIdentity identity, bool isVirtual)
{
    public ObjectIdentity Identity { get; set; } = identity;
    public bool Virtual { get; set; } = isVirtual;
    public IReadOnlyList<OwnerRef> Owners { get; set; } = [];
    public HashSet<string> Dependents { get; } = new(StringComparer.Ordinal);
    public bool BeingDeleted { get; set; }
    public bool DeletingDependents { get; set; }
    public bool Orphaning { get; set; }
}
