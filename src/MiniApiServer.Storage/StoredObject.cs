namespace MiniApiServer.Storage;

/// <summary>
/// One committed version of an object. Immutable: the cache, the change feed and every reader share it,
/// and <see cref="Json"/> is serialized once so that GET, LIST and WATCH reuse the same bytes.
/// </summary>
public sealed class StoredObject
{
    public required string Resource { get; init; }
    public required string Namespace { get; init; }
    public required string Name { get; init; }
    public required long ResourceVersion { get; init; }
    public required byte[] Json { get; init; }
    public required ObjectIndex Index { get; init; }

    public string Key => ObjectKeys.Key(Namespace, Name);
}
