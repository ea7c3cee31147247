using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record CreateObjectCommand(ResourceType Type, string Namespace, JsonObject Body, WriteOptions Options) : ICommand<ObjectResult>;

public sealed class CreateObjectHandler(ResourceService service) : ICommandHandler<CreateObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(CreateObjectCommand command, CancellationToken cancellationToken) =>
        await service.CreateAsync(command.Type, command.Namespace, command.Body, command.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
