using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record GetScaleQuery(ResourceType Type, string Namespace, string Name) : IQuery<JsonObject>;

public sealed class GetScaleHandler(ResourceService service) : IQueryHandler<GetScaleQuery, JsonObject>
{
    public ValueTask<JsonObject> Handle(GetScaleQuery q, CancellationToken cancellationToken) =>
        ValueTask.FromResult(service.GetScale(q.Type, q.Namespace, q.Name));
}
