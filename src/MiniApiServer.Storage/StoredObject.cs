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

    private string? _key;

    /// <summary>Built once: LIST sorts by it (about 2 n log n reads per request), which allocated a string per read.</summary>
    public string Key => _key ??= ObjectKeys.Key(Namespace, Name);
}
