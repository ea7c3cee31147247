using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record ListObjectsQuery(ResourceType Type, string? Namespace, ListOptions Options) : IQuery<ListResult>;

public sealed class ListObjectsHandler(ResourceService service) : IQueryHandler<ListObjectsQuery, ListResult>
{
    public async ValueTask<ListResult> Handle(ListObjectsQuery q, CancellationToken cancellationToken) =>
        await service.ListAsync(q.Type, q.Namespace, q.Options, cancellationToken).ConfigureAwait(false);
}
