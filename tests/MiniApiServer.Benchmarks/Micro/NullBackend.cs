using MiniApiServer.Storage;

namespace MiniApiServer.Benchmarks.Micro;

/// <summary>
/// A backend without a disk, so cache benchmarks measure the cache: it decides nothing (every write applies)
/// and keeps each batch's log rows only until the tailer has read them back.
/// </summary>
public sealed class NullBackend : IStorageBackend
{
    private readonly List<LogRow> _log = [];
    private long _revision;

    public StorageSnapshot Load(IObjectIndexer indexer) => new([], [], 0, 0);

    public IReadOnlyList<CommitOutcome> Commit(IReadOnlyList<WriteCommand> batch, IRevisionStamper stamper, DateTimeOffset now)
    {
        var outcomes = new CommitOutcome[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var cmd = batch[i];
            var json = stamper.Stamp(cmd, ++_revision);
            var type = cmd.Kind == WriteKind.Create ? ChangeType.Added : cmd.Kind == WriteKind.Update ? ChangeType.Modified : ChangeType.Deleted;
            _log.Add(new LogRow(_revision, cmd.Resource, cmd.Namespace, cmd.Name, type, now.ToUnixTimeMilliseconds(), json));
            outcomes[i] = new CommitOutcome(WriteOutcome.Ok, _revision, json);
        }
        return outcomes;
    }

    public IReadOnlyList<LogRow> ReadLog(long afterRevision, int max)
    {
        var rows = _log.Where(r => r.Revision > afterRevision).Take(max).ToList();
        _log.RemoveAll(r => r.Revision <= afterRevision);
        return rows;
    }

    public CompactionOutcome Compact(long throughRevision, int maxRows) => default;

    public void Probe()
    {
    }

    public void WaitForChanges(CancellationToken ct) => ct.WaitHandle.WaitOne();

    public long? SharedRevision() => null;

    public void Dispose()
    {
    }
}
