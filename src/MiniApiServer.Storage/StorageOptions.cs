namespace MiniApiServer.Storage;

public sealed class StorageOptions
{
    /// <summary>SQLite file path (option --db, key Db, env DB).</summary>
    public string DatabasePath { get; set; } = Path.Combine("data", "cluster.db");

    /// <summary>Events kept for watch resumption: at least this many, regardless of age.</summary>
    public int WatchWindowMinEvents { get; set; } = 1000;

    /// <summary>Events younger than this are kept for watch resumption, up to <see cref="WatchWindowMaxEvents"/>.</summary>
    public TimeSpan WatchWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Hard cap on retained events, so a write storm cannot grow memory without bound.</summary>
    public int WatchWindowMaxEvents { get; set; } = 200_000;

    /// <summary>Most writes folded into one SQLite transaction (group commit).</summary>
    public int MaxBatchSize { get; set; } = 512;

    /// <summary>Events a watcher may have unread before it is cut off (it can resume from its last revision).</summary>
    public int WatcherBufferSize { get; set; } = 10_000;

    /// <summary>How often the change log is compacted to the retained window.</summary>
    public TimeSpan CompactionInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one compaction batch may hold the writer; the batch size adapts to stay near it.</summary>
    public TimeSpan CompactionBatchTarget { get; set; } = TimeSpan.FromMilliseconds(8);

    /// <summary>
    /// How long a consistent read waits for the catch-up with the shared database before it is served from the cache
    /// as it is (kube-apiserver's cacher gives its watch cache 3 s to become fresh for a consistent read).
    /// </summary>
    public TimeSpan ConsistentReadDeadline { get; set; } = TimeSpan.FromSeconds(3);
}
