using System.Collections.Concurrent;

namespace MiniApiServer.IntegrationTests.Storage;

/// <summary>
/// What clients were told, per ConfigMap name. A write in flight at the kill may land or not; an
/// acknowledged one must survive. Names are never reused after a delete, so absence is unambiguous.
/// </summary>
public sealed class AcknowledgedWrites
{
    public sealed class Entry
    {
        public string? Uid;
        public long ResourceVersion;
        public int AckedVersion = -1;
        public bool DeleteSent;
        public bool DeleteAcked;
    }

    private long _maxResourceVersion;
    private int _acks;
    private int _updates;

    public ConcurrentDictionary<string, Entry> Entries { get; } = new();

    public int Acks => Volatile.Read(ref _acks);

    public long MaxResourceVersion => Interlocked.Read(ref _maxResourceVersion);

    public int Creates => Entries.Values.Count(e => e.Uid is not null);

    public int Updates => Volatile.Read(ref _updates);

    public int Deletes => Entries.Values.Count(e => e.DeleteAcked);

    public void Acknowledge(Entry entry, string uid, long rv, int version)
    {
        lock (entry)
        {
            entry.Uid = uid;
            entry.ResourceVersion = rv;
            if (entry.AckedVersion >= 0 && version > entry.AckedVersion)
            {
                Interlocked.Increment(ref _updates);
            }
            entry.AckedVersion = Math.Max(entry.AckedVersion, version);
        }
        Bump(rv);
    }

    /// <param name="atLeast">A committed revision read after the delete was acknowledged (the delete's own or later).</param>
    public void AcknowledgeDelete(Entry entry, long atLeast)
    {
        lock (entry)
        {
            entry.DeleteAcked = true;
        }
        Bump(atLeast);
    }

    /// <summary>Every violation of "acknowledged means durable" against a LIST of what is stored.</summary>
    public List<string> Violations(IReadOnlyDictionary<string, (string Uid, long Rv, int Version)> stored)
    {
        var problems = new List<string>();
        foreach (var (name, e) in Entries)
        {
            var present = stored.TryGetValue(name, out var s);
            if (e.DeleteAcked)
            {
                if (present)
                {
                    problems.Add($"{name}: deleted (acknowledged) but present");
                }
                continue;
            }
            if (e.Uid is null)
            {
                continue;
            }
            if (!present)
            {
                if (!e.DeleteSent)
                {
                    problems.Add($"{name}: created (acknowledged) but missing");
                }
                continue;
            }
            if (s.Uid != e.Uid)
            {
                problems.Add($"{name}: uid {s.Uid}, acknowledged {e.Uid}");
            }
            if (s.Version < e.AckedVersion || s.Rv < e.ResourceVersion)
            {
                problems.Add($"{name}: data v{s.Version} rv {s.Rv}, older than acknowledged v{e.AckedVersion} rv {e.ResourceVersion}");
            }
        }
        return problems;
    }

    private void Bump(long rv)
    {
        Interlocked.Increment(ref _acks);
        long seen;
        while (rv > (seen = Interlocked.Read(ref _maxResourceVersion)) && Interlocked.CompareExchange(ref _maxResourceVersion, rv, seen) != seen)
        {
        }
    }
}
