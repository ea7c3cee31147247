using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

/// <summary>A POST to a subresource with its own rules: pods/binding (the scheduler's one write), pods/eviction.</summary>
public sealed record CreateSubresourceCommand(ResourceType Type, string SubresourceName, string Namespace, string Name, JsonObject Body, WriteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "create";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => SubresourceName;
}

public sealed class CreateSubresourceHandler(ResourceService service) : ICommandHandler<CreateSubresourceCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(CreateSubresourceCommand c, CancellationToken cancellationToken) =>
        await service.CreateSubresourceAsync(c.Type, c.SubresourceName, c.Namespace, c.Name, c.Body, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
