using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

public sealed record ListResult(IReadOnlyList<StoredObject> Items, long ResourceVersion, string? Continue, long? RemainingItemCount);
