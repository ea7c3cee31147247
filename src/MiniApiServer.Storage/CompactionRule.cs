namespace MiniApiServer.Storage;

/// <summary>
/// Which log rows a compaction pass over one row removes, as kine's compact does: the version the row superseded
/// (its prev_revision), and the row itself when it records a deletion. What stays below the compacted mark is
/// exactly each live object's current version, the only copy of its bytes.
/// </summary>
public static class CompactionRule
{
    public static void Collect(long id, long superseded, ChangeType type, List<long> doomed)
    {
        if (superseded > 0)
        {
            doomed.Add(superseded);
        }
        if (type == ChangeType.Deleted)
        {
            doomed.Add(id);
        }
    }
}
