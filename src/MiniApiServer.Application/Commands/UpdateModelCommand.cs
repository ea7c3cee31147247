using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Commands;

/// <summary>
/// Read-modify-write of a typed copy: <see cref="Mutate"/> gets a fresh model of the current object on every
/// attempt (a lost race is retried, as GuaranteedUpdate does) and returns false to leave it as it is.
/// </summary>
public sealed record UpdateModelCommand(ResourceType Type, string Namespace, string Name, Func<object, bool> Mutate, bool StatusOnly, string User)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "update";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => StatusOnly ? "status" : null;
}

public sealed class UpdateModelHandler(ResourceService service) : ICommandHandler<UpdateModelCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(UpdateModelCommand c, CancellationToken cancellationToken) =>
        await service.UpdateAsync(c.Type, c.Namespace, c.Name, current =>
        {
            var model = ModelCodec.Decode(current, c.Type.ModelType);
            // An unchanged copy is a no-op write: no new resourceVersion, no event.
            return c.Mutate(model) ? ModelCodec.Encode(model) : current;
        }, c.StatusOnly, WriteOptions.Default).WaitAsync(cancellationToken).ConfigureAwait(false);
}
