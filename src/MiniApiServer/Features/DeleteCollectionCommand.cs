using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Features;

public sealed record DeleteCollectionCommand(ResourceType Type, string? Namespace, ListOptions List, DeleteOptions Options, string User)
    : ICommand<List<StoredObject>>, IWriteCommand
{
    public string Verb => "deletecollection";

    public string? Name => null;

    public string? Subresource => null;
}

public sealed class DeleteCollectionHandler(ResourceService service) : ICommandHandler<DeleteCollectionCommand, List<StoredObject>>
{
    public async ValueTask<List<StoredObject>> Handle(DeleteCollectionCommand c, CancellationToken cancellationToken) =>
        await service.DeleteCollectionAsync(c.Type, c.Namespace, c.List, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
