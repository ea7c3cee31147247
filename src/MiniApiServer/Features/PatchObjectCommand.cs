using Mediator;
using MiniApiServer.Application.Commands;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Features;

public sealed record PatchObjectCommand(
    ResourceType Type, string Namespace, string Name, PatchType PatchType, ReadOnlyMemory<byte> Body, bool StatusOnly, WriteOptions Options, bool Force, string User,
    ServedVersion? Served = null)
    : ICommand<ObjectResult>, IWriteCommand
{
    public string Verb => "patch";

    string? IWriteCommand.Namespace => Namespace;

    string? IWriteCommand.Name => Name;

    public string? Subresource => StatusOnly ? "status" : Options.Subresource;
}

public sealed class PatchObjectHandler(ResourceService service) : ICommandHandler<PatchObjectCommand, ObjectResult>
{
    public async ValueTask<ObjectResult> Handle(PatchObjectCommand c, CancellationToken cancellationToken) =>
        await service.PatchAsync(c.Type, c.Namespace, c.Name, c.PatchType, c.Body, c.StatusOnly, c.Options, c.Force, c.Served).WaitAsync(cancellationToken).ConfigureAwait(false);
}
