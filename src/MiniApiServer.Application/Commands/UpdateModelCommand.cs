using Mediator;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

/// <summary>
/// Read-modify-write of a typed copy: <see cref="Mutate"/> gets a fresh model of the current object on every
/// attempt (a lost race is retried, as GuaranteedUpdate does) and returns false to leave it as it is. The copy
/// keeps its resourceVersion, which then pins the write, only with <see cref="KeepResourceVersion"/>.
/// </summary>
public sealed record UpdateModelCommand(ResourceType Type, string Namespace, string Name, Func<object, bool> Mutate, bool StatusOnly, string User, bool KeepResourceVersion = false)
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
        await service.UpdateModelAsync(c.Type, c.Namespace, c.Name, c.Mutate, c.StatusOnly, c.KeepResourceVersion)
            .WaitAsync(cancellationToken).ConfigureAwait(false);
}
