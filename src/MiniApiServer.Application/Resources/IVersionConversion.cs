using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Resources;

/// <summary>
/// A resource served from another resource's store, converted on every read and write, as upstream serves
/// events.k8s.io/v1 Events from the core events storage (one etcd prefix, one resourceVersion sequence).
/// </summary>
public interface IVersionConversion
{
    /// <summary>The storage key of the resource whose store holds the objects.</summary>
    string StorageResource { get; }

    /// <summary>A body in the served version, as the stored version; wrong apiVersion or kind is a 400.</summary>
    JsonObject ToStorage(JsonObject served);

    JsonObject FromStorage(JsonObject stored);

    /// <summary>Create-only rules of the served version that its stored version does not have; throws a 422.</summary>
    void ValidateCreate(JsonObject served)
    {
    }

    /// <summary>A fieldSelector in the served version's labels, in the stored version's (the field label conversion funcs).</summary>
    string? FieldSelectorToStorage(string? selector);
}
