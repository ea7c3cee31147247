using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record CreateObjectCommand(ResourceType Type, string Namespace, JsonObject Body, WriteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "create";

    string? IWriteCommand.Namespace => Namespace;

    public string? Name => ObjectMeta.Str(Body["metadata"] as JsonObject, "name");

    public string? Subresource => null;
}

public sealed class CreateObjectHandler(ResourceService service) : ICommandHandler<CreateObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(CreateObjectCommand command, CancellationToken cancellationToken) =>
        await service.CreateAsync(command.Type, command.Namespace, command.Body, command.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
