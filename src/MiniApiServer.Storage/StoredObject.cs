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
    private object? _model;

    /// <summary>Built once: LIST sorts by it (about 2 n log n reads per request), which allocated a string per read.</summary>
    public string Key => _key ??= ObjectKeys.Key(Namespace, Name);

    /// <summary>
    /// A decoded model of <see cref="Json"/> that every in-process reader of this version shares (the informers, and an
    /// update's base, which admission compares with): read-only by contract, as client-go's informer cache is. Without
    /// it, one pod status write decoded the same bytes three times (informer, the copy to change, the base).
    /// </summary>
    public object? SharedModel => Volatile.Read(ref _model);

    /// <summary>Keeps <paramref name="model"/> unless another reader shared one first; returns the one kept.</summary>
    public object ShareModel(object model) => Interlocked.CompareExchange(ref _model, model, null) ?? model;

    /// <summary>
    /// Called when this version stops being current: the watch window keeps the bytes for minutes, and a model per
    /// retained version would hold every version of a rollout's pods. A late reader decodes again.
    /// </summary>
    public void DropSharedModel() => Volatile.Write(ref _model, null);
}
