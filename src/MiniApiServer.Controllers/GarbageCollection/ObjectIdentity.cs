using MiniApiServer.Application.Resources;

namespace MiniApiServer.Controllers.GarbageCollection;

/// <summary>
/// garbagecollector/graph.go objectReference: enough to look an object up again. Type is null when an owner
/// reference names a kind this server does not serve.
/// </summary>
public sealed record ObjectIdentity(ResourceType? Type, string ApiVersion, string Kind, string Namespace, string Name, string Uid)
{
    public override string ToString() => $"{Kind} {Namespace}/{Name} ({Uid})";
}
