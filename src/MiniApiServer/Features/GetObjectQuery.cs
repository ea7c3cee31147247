using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Features;

public sealed record GetObjectQuery(ResourceType Type, string Namespace, string Name) : IQuery<StoredObject>;

public sealed class GetObjectHandler(ResourceService service) : IQueryHandler<GetObjectQuery, StoredObject>
{
    public async ValueTask<StoredObject> Handle(GetObjectQuery q, CancellationToken cancellationToken) =>
        await service.GetAsync(q.Type, q.Namespace, q.Name).ConfigureAwait(false);
}
