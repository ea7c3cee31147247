using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Objects;

public sealed partial class ResourceService
{
    /// <summary>A POST to a subresource the kind stores with its own rules (pods/binding, pods/eviction).</summary>
    public Task<ObjectResult> CreateSubresourceAsync(ResourceType type, string subresource, string ns, string name, JsonObject body, WriteOptions options)
    {
        var handler = registry.KindOf(type).Subresource(subresource)
            ?? throw ApiErrors.NotFound(type, name);
        return handler.CreateAsync(this, type, Scope(type, ns), name, body, options);
    }
}
