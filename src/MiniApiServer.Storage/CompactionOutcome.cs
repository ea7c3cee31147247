namespace MiniApiServer.Storage;

/// <summary>
/// One compaction batch: <see cref="Examined"/> log rows passed below the compacted mark, <see cref="Deleted"/>
/// rows removed (superseded versions and deletions; an object's current version stays).
/// </summary>
public readonly record struct CompactionOutcome(int Examined, int Deleted);
