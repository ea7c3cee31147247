using k8s.Models;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>The parts of an ownerReference the collector uses.</summary>
public sealed record OwnerRef(string ApiVersion, string Kind, string Name, string Uid, bool BlockOwnerDeletion)
{
    public static OwnerRef From(V1OwnerReference r) => new(r.ApiVersion, r.Kind, r.Name, r.Uid, r.BlockOwnerDeletion == true);
}
