using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

/// <summary>A PUT (<see cref="Body"/>) or PATCH (<see cref="PatchType"/> and <see cref="Patch"/>) of a scale subresource; answers the new Scale.</summary>
public sealed record ScaleCommand(
    ResourceType Type, string Namespace, string Name, JsonObject? Body, PatchType? PatchType, ReadOnlyMemory<byte> Patch, WriteOptions Options, string User)
    : ICommand<ScaleResult>, IWriteCommand
{
    public string Verb => PatchType is null ? "update" : "patch";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => "scale";
}

public sealed class ScaleHandler(ResourceService service) : ICommandHandler<ScaleCommand, ScaleResult>
{
    public async ValueTask<ScaleResult> Handle(ScaleCommand c, CancellationToken cancellationToken) =>
        await (c.PatchType is { } patchType
            ? service.PatchScaleAsync(c.Type, c.Namespace, c.Name, patchType, c.Patch, c.Options)
            : service.ReplaceScaleAsync(c.Type, c.Namespace, c.Name, c.Body!, c.Options)).WaitAsync(cancellationToken).ConfigureAwait(false);
}
