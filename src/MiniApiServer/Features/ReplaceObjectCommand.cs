using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record ReplaceObjectCommand(ResourceType Type, string Namespace, string Name, JsonObject Body, bool StatusOnly, WriteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "update";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => StatusOnly ? "status" : Options.Subresource;
}

public sealed class ReplaceObjectHandler(ResourceService service) : ICommandHandler<ReplaceObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(ReplaceObjectCommand c, CancellationToken cancellationToken) =>
        await service.ReplaceAsync(c.Type, c.Namespace, c.Name, c.Body, c.StatusOnly, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
