using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record GetScaleQuery(ResourceType Type, string Namespace, string Name) : IQuery<JsonObject>;

public sealed class GetScaleHandler(ResourceService service) : IQueryHandler<GetScaleQuery, JsonObject>
{
    public async ValueTask<JsonObject> Handle(GetScaleQuery q, CancellationToken cancellationToken) =>
        await service.GetScaleAsync(q.Type, q.Namespace, q.Name).ConfigureAwait(false);
}
