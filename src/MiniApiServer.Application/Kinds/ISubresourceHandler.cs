using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>A POST to a subresource with its own storage (upstream: a subresource REST such as pods/binding).</summary>
public interface ISubresourceHandler
{
    Task<ObjectResult> CreateAsync(ResourceService service, ResourceType type, string ns, string name, JsonObject body, WriteOptions options);
}
