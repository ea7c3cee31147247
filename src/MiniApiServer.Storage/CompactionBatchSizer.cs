namespace MiniApiServer.Storage;

/// <summary>
/// Sizes compaction batches by how long the last full batch took, so one batch never holds the writer (and, on
/// PostgreSQL, the compacted mark's row lock) much longer than <see cref="Target"/>. A fixed row count cannot do
/// that: the same 1,000 rows took 76 ms on a loaded machine and a few on a quiet one (docs/benchmarks.md).
/// </summary>
public sealed class CompactionBatchSizer(TimeSpan target, int initial = 256, int min = 16, int max = 8192)
{
    public TimeSpan Target { get; } = target;

    public int Next { get; private set; } = Math.Clamp(initial, min, max);

    public void Observe(int examined, TimeSpan elapsed)
    {
        if (examined < Next)
        {
            // A short batch reached the end of the log: its time says nothing about a full one.
            return;
        }
        if (elapsed > Target)
        {
            // Shrink in proportion, with headroom, so the very next batch is already within the target.
            var scaled = (int)(Next * (Target.TotalMilliseconds / elapsed.TotalMilliseconds) * 0.8);
            Next = Math.Max(min, Math.Min(Next / 2, scaled));
        }
        else if (elapsed < Target / 2)
        {
            Next = Math.Min(max, Next * 2);
        }
    }
}
