using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>A kind whose DELETE is not the generic registry's (upstream: a kind-specific REST Delete).</summary>
public interface IDeleteRule
{
    /// <returns>The answer, or null to go on with the generic delete (a rule that only acts on the first DELETE).</returns>
    Task<ObjectResult?> DeleteAsync(ResourceService service, ResourceType type, string name, DeleteOptions options);
}
