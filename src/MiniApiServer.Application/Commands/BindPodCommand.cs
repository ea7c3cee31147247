using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

public sealed record BindPodCommand(ResourceType Type, string Namespace, string Name, JsonObject Binding, WriteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "create";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => "binding";
}

public sealed class BindPodHandler(ResourceService service) : ICommandHandler<BindPodCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(BindPodCommand c, CancellationToken cancellationToken) =>
        await service.BindAsync(c.Namespace, c.Name, c.Binding, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
