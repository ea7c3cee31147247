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
        // A typed write's model is what decoding its bytes gives (and its uid is the string the informers keep):
        // reading its metadata saves parsing the bytes again and one more uid per object in the graph.
        var meta = stored.SharedModel is IMetadata<V1ObjectMeta> { Metadata: { } shared } ? shared : MetadataReader.Read(stored.Json);
        return From(meta, type, stored.Namespace, stored.Name);
    }

    public static ObservedObject From(V1ObjectMeta meta, ResourceType type, string ns, string name) => new(
        new ObjectIdentity(type, type.GroupVersion, type.Kind, ns, name, meta.Uid ?? ""),
        meta.OwnerReferences is { Count: > 0 } owners ? owners.Select(OwnerRef.From).ToList() : Array.Empty<OwnerRef>(),
        meta.DeletionTimestamp is not null,
        [.. meta.Finalizers ?? []]);
}
