using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>A kind whose DELETE is not the generic registry's (upstream: a kind-specific REST Delete).</summary>
public interface IDeleteRule
{
    Task<ObjectResult> DeleteAsync(ResourceService service, ResourceType type, string name, DeleteOptions options);
}
