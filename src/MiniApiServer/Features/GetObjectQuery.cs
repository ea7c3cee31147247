using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Features;

/// <summary>A consistent read of one object; null when it does not exist (the caller answers 404 without throwing).</summary>
public sealed record GetObjectQuery(ResourceType Type, string Namespace, string Name) : IQuery<StoredObject?>;

public sealed class GetObjectHandler(ResourceService service) : IQueryHandler<GetObjectQuery, StoredObject?>
{
    public async ValueTask<StoredObject?> Handle(GetObjectQuery q, CancellationToken cancellationToken) =>
        await service.FindAsync(q.Type, q.Namespace, q.Name).ConfigureAwait(false);
}
