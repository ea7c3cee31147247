namespace MiniApiServer.Storage;

public sealed record StorageSnapshot(
    IReadOnlyList<StoredObject> Objects,
    IReadOnlyList<ObjectChange> RecentChanges,
    long Revision,
    long CompactedThrough);
