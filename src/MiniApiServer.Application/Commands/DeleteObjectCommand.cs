using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

public sealed record DeleteObjectCommand(ResourceType Type, string Namespace, string Name, DeleteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "delete";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => null;
}

public sealed class DeleteObjectHandler(ResourceService service) : ICommandHandler<DeleteObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(DeleteObjectCommand c, CancellationToken cancellationToken) =>
        await service.DeleteAsync(c.Type, c.Namespace, c.Name, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
