namespace MiniApiServer.Controllers.Events;

/// <summary>
/// client-go's EventCorrelator (tools/record/events_cache.go), which every kube-controller-manager component
/// records through. Two rules keep a busy controller from flooding the store:
/// <list type="bullet">
/// <item>aggregation: the 10th event within 10 minutes about one object that differs from the earlier ones only
/// by its message becomes one "(combined from similar events): …" event whose count grows;</item>
/// <item>spam filter: each source and object gets a token bucket of 25, refilled once every 5 minutes; an event
/// without a token is dropped.</item>
/// </list>
/// A DaemonSet creating 5,000 pods therefore writes about 25 events about itself, not 5,000, as upstream does.
/// </summary>
public sealed class EventCorrelator(TimeProvider time)
{
    public const string CombinedPrefix = "(combined from similar events): ";
    private const int CacheSize = 4096;
    private const int AggregateMaxEvents = 10;
    private static readonly TimeSpan AggregateInterval = TimeSpan.FromSeconds(600);
    private const double SpamBurst = 25;
    private const double SpamQps = 1.0 / 300;

    private readonly LruCache<string, AggregateRecord> _aggregates = new(CacheSize);
    private readonly LruCache<string, TokenBucket> _spam = new(CacheSize);

    public EventCorrelation Correlate(RecordedEvent e)
    {
        var now = time.GetUtcNow();
        var (key, message) = Aggregate(e, now);
        return new EventCorrelation(!TryTakeToken(e.SpamKey, now), key, message);
    }

    private (string Key, string Message) Aggregate(RecordedEvent e, DateTimeOffset now)
    {
        var aggregateKey = e.AggregateKey;
        if (!_aggregates.TryGet(aggregateKey, out var record) || now - record.LastTimestamp > AggregateInterval)
        {
            record = new AggregateRecord([], now);
        }
        record.Messages.Add(e.Message);
        _aggregates.Set(aggregateKey, record with { LastTimestamp = now });
        if (record.Messages.Count < AggregateMaxEvents)
        {
            return (e.EventKey, e.Message);
        }
        // Upstream pops one message so the set never grows past the maximum.
        record.Messages.Remove(record.Messages.First());
        return (aggregateKey, CombinedPrefix + e.Message);
    }

    private bool TryTakeToken(string spamKey, DateTimeOffset now)
    {
        if (!_spam.TryGet(spamKey, out var bucket))
        {
            bucket = new TokenBucket(SpamBurst, now);
        }
        var tokens = Math.Min(SpamBurst, bucket.Tokens + (now - bucket.At).TotalSeconds * SpamQps);
        var allowed = tokens >= 1;
        _spam.Set(spamKey, new TokenBucket(allowed ? tokens - 1 : tokens, now));
        return allowed;
    }

    private sealed record AggregateRecord(HashSet<string> Messages, DateTimeOffset LastTimestamp);

    private readonly record struct TokenBucket(double Tokens, DateTimeOffset At);
}
