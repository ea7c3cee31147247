using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.Storage;

/// <summary>Builds the start-up snapshot from the rows any provider loads: the same rules for both.</summary>
public static class LogSnapshot
{
    /// <summary>
    /// <paramref name="currentRows"/> are the log rows of the objects whose current revision is at or below the
    /// compacted mark (those rows survive compaction); <paramref name="changeRows"/> the log above the mark, in
    /// order, which holds every other object's current version: those are named by <paramref name="liveAboveMark"/>,
    /// so no row is read twice.
    /// </summary>
    public static StorageSnapshot Build(IObjectIndexer indexer, IEnumerable<ChangeRow> currentRows, IReadOnlySet<long> liveAboveMark,
        IEnumerable<ChangeRow> changeRows, long revision, long compacted)
    {
        var objects = InChunks(currentRows, r => ToStored(indexer, r.Resource, r.Namespace, r.Name, r.Id, r.Json));
        var loaded = InChunks(changeRows, row => (Row: row, Object: ToStored(indexer, row.Resource, row.Namespace, row.Name, row.Id, row.Json)));
        objects.AddRange(loaded.Where(l => l.Row.Type != (int)ChangeType.Deleted && liveAboveMark.Contains(l.Row.Id)).Select(l => l.Object));
        var lastStates = new Dictionary<(string, string), StoredObject>();
        var changes = new List<ObjectChange>(loaded.Count);
        foreach (var (row, obj) in loaded)
        {
            lastStates.TryGetValue((row.Resource, obj.Key), out var previous);
            changes.Add(new ObjectChange(row.Id, (ChangeType)row.Type, obj, previous, DateTimeOffset.FromUnixTimeMilliseconds(row.CommittedAtMs)));
            lastStates[(row.Resource, obj.Key)] = obj;
        }
        return new StorageSnapshot(objects, changes, revision, compacted);
    }

    /// <summary>
    /// <paramref name="convert"/> over the rows, in order, while they are still being read: each full chunk is
    /// converted on the thread pool as the reader goes on, so a start-up's database read and its indexing overlap
    /// instead of following each other (the restart target counts the wall time to /readyz).
    /// </summary>
    private static List<T> InChunks<T>(IEnumerable<ChangeRow> rows, Func<ChangeRow, T> convert)
    {
        const int ChunkSize = 1024;
        var chunks = new List<Task<T[]>>();
        var chunk = new List<ChangeRow>(ChunkSize);
        foreach (var row in rows)
        {
            chunk.Add(row);
            if (chunk.Count == ChunkSize)
            {
                var full = chunk;
                chunks.Add(Task.Run(() => full.Select(convert).ToArray()));
                chunk = new List<ChangeRow>(ChunkSize);
            }
        }
        chunks.Add(Task.FromResult(chunk.Select(convert).ToArray()));
        var result = new List<T>();
        foreach (var task in chunks)
        {
            result.AddRange(task.GetAwaiter().GetResult());
        }
        return result;
    }

    private static StoredObject ToStored(IObjectIndexer indexer, string resource, string ns, string name, long rev, byte[] json) =>
        new()
        {
            Resource = resource,
            Namespace = ns,
            Name = name,
            ResourceVersion = rev,
            Json = json,
            Index = indexer.Index(resource, json),
        };
}
