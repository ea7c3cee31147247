using k8s.Models;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>What the graph keeps of one committed object version: identity, owners and deletion state.</summary>
public sealed record ObservedObject(ObjectIdentity Identity, IReadOnlyList<OwnerRef> Owners, bool BeingDeleted, IReadOnlyList<string> Finalizers)
{
    public bool Orphaning => BeingDeleted && Finalizers.Contains(Application.Objects.ResourceService.OrphanFinalizer);

    public bool DeletingDependents => BeingDeleted && Finalizers.Contains(Application.Objects.ResourceService.ForegroundFinalizer);

    public static ObservedObject? From(StoredObject stored, ResourceRegistry registry)
    {
        var type = registry.ByStorageKey(stored.Resource);
        if (type is null)
        {
            return null;
        }
        // A typed write's model is what decoding its bytes gives: reading its metadata saves parsing the bytes again.
        // The informers let a new object's model go once delivered, so either may come first. The uid is the string
        // the store's index keeps for the same version, so the graph holds no copy of its own.
        var meta = stored.SharedModel is IMetadata<V1ObjectMeta> { Metadata: { } shared } ? shared : MetadataReader.Read(stored.Json);
        return From(meta, type, stored.Namespace, stored.Name, stored.Index.Uid);
    }

    public static ObservedObject From(V1ObjectMeta meta, ResourceType type, string ns, string name, string? uid = null) => new(
        new ObjectIdentity(type, type.GroupVersion, type.Kind, ns, name, uid ?? meta.Uid ?? ""),
        meta.OwnerReferences is { Count: > 0 } owners ? owners.Select(OwnerRef.From).ToList() : Array.Empty<OwnerRef>(),
        meta.DeletionTimestamp is not null,
        [.. meta.Finalizers ?? []]);
}
