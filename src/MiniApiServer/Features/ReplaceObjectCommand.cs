using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record ReplaceObjectCommand(ResourceType Type, string Namespace, string Name, JsonObject Body, bool StatusOnly, WriteOptions Options)
    : ICommand<ObjectResult>;

public sealed class ReplaceObjectHandler(ResourceService service) : ICommandHandler<ReplaceObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(ReplaceObjectCommand c, CancellationToken cancellationToken) =>
        await service.ReplaceAsync(c.Type, c.Namespace, c.Name, c.Body, c.StatusOnly, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
