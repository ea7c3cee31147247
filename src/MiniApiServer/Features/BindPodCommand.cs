using System.Text.Json.Nodes;
using Mediator;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Features;

public sealed record BindPodCommand(string Namespace, string Name, JsonObject Binding, WriteOptions Options) : ICommand<ObjectResult>;

public sealed class BindPodHandler(ResourceService service) : ICommandHandler<BindPodCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(BindPodCommand c, CancellationToken cancellationToken) =>
        await service.BindAsync(c.Namespace, c.Name, c.Binding, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
