using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Features;

public sealed record GetObjectQuery(ResourceType Type, string Namespace, string Name) : IQuery<StoredObject>;

public sealed class GetObjectHandler(ResourceService service) : IQueryHandler<GetObjectQuery, StoredObject>
{
    public ValueTask<StoredObject> Handle(GetObjectQuery q, CancellationToken cancellationToken) =>
        ValueTask.FromResult(service.Get(q.Type, q.Namespace, q.Name));
}
