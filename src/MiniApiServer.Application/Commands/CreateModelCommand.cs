using k8s;
using k8s.Models;
using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

/// <summary>A create of a model built in process; the model is not encoded until it is stored.</summary>
public sealed record CreateModelCommand(ResourceType Type, string Namespace, IKubernetesObject<V1ObjectMeta> Model, WriteOptions Options, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "create";

    string? IWriteCommand.Namespace => Namespace;

    // Read when sent: the server names the model in place, and a generated name is no part of the request.
    public string? Name { get; } = Model.Metadata?.Name;

    public string? Subresource => null;
}

public sealed class CreateModelHandler(ResourceService service) : ICommandHandler<CreateModelCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(CreateModelCommand c, CancellationToken cancellationToken) =>
        await service.CreateModelAsync(c.Type, c.Namespace, c.Model, c.Options).WaitAsync(cancellationToken).ConfigureAwait(false);
}
