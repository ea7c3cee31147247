using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record DeleteObjectCommand(ResourceType Type, string Namespace, string Name, DeleteOptions Options) : ICommand<ObjectResult>;

public sealed class DeleteObjectHandler(ResourceService service) : ICommandHandler<DeleteObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(DeleteObjectCommand c, CancellationToken cancellationToken) =>
        await service.DeleteAsync(c.Type, c.Namespace, c.Name, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
