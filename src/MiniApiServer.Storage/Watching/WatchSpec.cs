namespace MiniApiServer.Storage.Watching;

/// <summary>
/// What one consumer asks the list/watch layer for: one resource (null: every resource, for the garbage
/// collector's graph, which must see them in commit order), optionally one namespace and a selector.
/// <see cref="FromRevision"/> null or 0 means list first (every match as ADDED), then watch from that list's
/// revision; a positive revision resumes after it, or fails with 410 when it is compacted.
/// </summary>
/// <param name="Capacity">Undelivered events this consumer may hold before it is cut off (it must resume or relist).</param>
public sealed record WatchSpec(
    string? Resource,
    string? Namespace = null,
    Func<StoredObject, bool>? Selector = null,
    long? FromRevision = null,
    int Capacity = 10_000)
{
    /// <summary>The namespace and the selector, which every delivered state is judged by.</summary>
    public bool Matches(StoredObject obj) =>
        (Namespace is null || obj.Namespace == Namespace) && (Selector is null || Selector(obj));
}
