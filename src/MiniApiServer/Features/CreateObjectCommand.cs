using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Features;

/// <summary>A create; its body is either parsed (<see cref="Body"/>) or a JSON body's bytes (<see cref="Json"/>, when Body is null).</summary>
public sealed record CreateObjectCommand(ResourceType Type, string Namespace, JsonObject? Body, WriteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public ReadOnlyMemory<byte> Json { get; init; }

    public string Verb => "create";

    string? IWriteCommand.Namespace => Namespace;

    public string? Name => Body is null ? RequestBody.MetadataName(Json) : ObjectMeta.Str(Body["metadata"] as JsonObject, "name");

    public string? Subresource => null;
}

public sealed class CreateObjectHandler(ResourceService service) : ICommandHandler<CreateObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(CreateObjectCommand command, CancellationToken cancellationToken) =>
        await (command.Body is null
            ? service.CreateAsync(command.Type, command.Namespace, command.Json, command.Options)
            : service.CreateAsync(command.Type, command.Namespace, command.Body, command.Options)).WaitAsync(cancellationToken).ConfigureAwait(false);
}
