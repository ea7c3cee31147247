namespace MiniApiServer.Storage;

/// <summary>
/// Every committed change, in revision order, with a retained window for resumption. Replay and
/// registration happen under the same lock as publication, so a subscriber starting at revision R sees
/// each change after R exactly once, with no gap between the replay and the live stream.
/// </summary>
public sealed class ChangeFeed(StorageOptions options, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly List<ObjectChange> _events = [];
    private int _start;
    private readonly List<FeedSubscription> _subscribers = [];
    private long _revision;
    private long _compactedThrough;

    public int SubscriberCount
    {
        get { lock (_lock) { return _subscribers.Count; } }
    }

    /// <summary>Live subscribers to one resource (storage key); controllers' informers start and restart on their own schedule.</summary>
    public int SubscriberCountFor(string resource)
    {
        lock (_lock)
        {
            return _subscribers.Count(s => s.Resource == resource);
        }
    }

    /// <summary>Changes at or below this revision are gone; a watch from before it gets 410 Expired.</summary>
    public long CompactedThrough
    {
        get { lock (_lock) { return _compactedThrough; } }
    }

    /// <summary>
    /// Subscribe to changes after <paramref name="fromRevision"/>. 0 is the list of an empty log, so it replays
    /// everything retained: a change published between that list and this call must still arrive. Consumers outside the
    /// storage layer go through <see cref="Watching.ListWatch"/>, which adds the list and the selector rules.
    /// </summary>
    internal FeedSubscription Subscribe(string? resource, long fromRevision, int? capacity, Func<ObjectChange, bool>? interest = null)
    {
        var sub = new FeedSubscription(this, resource, capacity, interest);
        sub.StartAfter(fromRevision);
        lock (_lock)
        {
            if (fromRevision > 0 && fromRevision < _compactedThrough)
            {
                throw new RevisionExpiredException(fromRevision, _compactedThrough + 1);
            }
            for (var i = FirstAfter(fromRevision); i < _events.Count; i++)
            {
                var e = _events[i];
                if (sub.Wants(e) && !sub.Offer(e))
                {
                    return sub;
                }
            }
            sub.Advance(Math.Max(fromRevision, _revision));
            _subscribers.Add(sub);
        }
        return sub;
    }

    internal void Unsubscribe(FeedSubscription sub)
    {
        lock (_lock)
        {
            _subscribers.Remove(sub);
        }
        sub.Close();
    }

    /// <summary>
    /// Starts the feed from the log's retained changes: at start-up, and after a relist, when the history held no longer
    /// follows on from what was published, so every watch is cut off (as one that fell behind: it resumes from its last
    /// revision, or gets 410 if that is older than the new history).
    /// </summary>
    internal void Reset(IEnumerable<ObjectChange> history, long revision, long compactedThrough)
    {
        lock (_lock)
        {
            foreach (var sub in _subscribers)
            {
                sub.Close(new WatcherTooSlowException());
            }
            _subscribers.Clear();
            _events.Clear();
            _start = 0;
            _events.AddRange(history);
            _revision = revision;
            _compactedThrough = compactedThrough;
        }
    }

    internal void Publish(IReadOnlyList<ObjectChange> changes)
    {
        lock (_lock)
        {
            foreach (var change in changes)
            {
                _events.Add(change);
                _revision = change.Revision;
                for (var i = _subscribers.Count - 1; i >= 0; i--)
                {
                    var sub = _subscribers[i];
                    if (sub.Wants(change) && !sub.Offer(change))
                    {
                        _subscribers.RemoveAt(i);
                        continue;
                    }
                    sub.Advance(change.Revision);
                }
            }
            Trim();
        }
    }

    internal void CloseAll()
    {
        lock (_lock)
        {
            foreach (var sub in _subscribers)
            {
                sub.Close();
            }
            _subscribers.Clear();
        }
    }

    private void Trim()
    {
        var cutoff = time.GetUtcNow() - options.WatchWindow;
        var count = _events.Count - _start;
        while (count > options.WatchWindowMinEvents
            && (count > options.WatchWindowMaxEvents || _events[_start].CommittedAt < cutoff))
        {
            _compactedThrough = _events[_start].Revision;
            _start++;
            count--;
        }
        // Shift the list only now and then, so trimming stays O(1) amortized per event.
        if (_start > 4096 && _start > _events.Count / 2)
        {
            _events.RemoveRange(0, _start);
            _start = 0;
        }
    }

    private int FirstAfter(long revision)
    {
        int lo = _start, hi = _events.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_events[mid].Revision <= revision) lo = mid + 1; else hi = mid;
        }
        return lo;
    }
}
