using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

/// <summary>
/// An in-process writer's PUT of a scale subresource (the HPA controller's scale client), through the same pipeline
/// as every other write, so it is audited as its user; the Scale's resourceVersion, when set, is a precondition.
/// </summary>
public sealed record ReplaceScaleCommand(ResourceType Type, string Namespace, string Name, JsonObject Scale, WriteOptions Options, string User)
    : ICommand<ScaleResult>, IWriteCommand
{
    public string Verb => "update";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => "scale";
}

public sealed class ReplaceScaleHandler(ResourceService service) : ICommandHandler<ReplaceScaleCommand, ScaleResult>
{
    public async ValueTask<ScaleResult> Handle(ReplaceScaleCommand c, CancellationToken cancellationToken) =>
        await service.ReplaceScaleAsync(c.Type, c.Namespace, c.Name, c.Scale, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
