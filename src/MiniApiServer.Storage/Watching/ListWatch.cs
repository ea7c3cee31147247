using System.Diagnostics.CodeAnalysis;

namespace MiniApiServer.Storage.Watching;

/// <summary>
/// One consumer's list-then-watch (the apiserver cacher's cacheWatcher and client-go's ListWatch in one):
/// the initial list, then the committed changes after it in revision order, filtered with the cacher's
/// rules. Every consumer (HTTP watches, informers, the garbage collector's graph, the namespace controller)
/// reads the cluster through this type, so resume, bookmarks, 410 and slow-consumer handling exist once.
/// </summary>
public sealed class ListWatch : IDisposable
{
    private readonly FeedSubscription _subscription;
    private readonly WatchSpec _spec;

    private ListWatch(WatchSpec spec, FeedSubscription subscription, IReadOnlyList<StoredObject> initial, long start)
    {
        _spec = spec;
        _subscription = subscription;
        Initial = initial;
        StartRevision = start;
        LastRevision = start;
    }

    /// <summary>The list the watch starts from (empty when resuming from a revision).</summary>
    public IReadOnlyList<StoredObject> Initial { get; }

    /// <summary>The revision the initial list reflects, or the one resumed from.</summary>
    public long StartRevision { get; }

    /// <summary>The revision of the last event read, or <see cref="StartRevision"/> before the first.</summary>
    public long LastRevision { get; private set; }

    /// <summary>Throws <see cref="RevisionExpiredException"/> when <see cref="WatchSpec.FromRevision"/> is compacted.</summary>
    public static ListWatch Start(ObjectStore store, WatchSpec spec)
    {
        // Only changes that touch the selector before or after are queued at all; the feed filters under its
        // lock, so a consumer of one namespace never buffers another's traffic.
        bool Interest(ObjectChange c) => spec.Matches(c.Object) || (c.Previous is not null && spec.Matches(c.Previous));
        if (spec.FromRevision is long rv && rv > 0)
        {
            return new ListWatch(spec, store.Feed.Subscribe(spec.Resource, rv, spec.Capacity, Interest), [], rv);
        }
        var (items, revision) = spec.Resource is null
            ? store.Cache.ListAll()
            : store.Cache.List(spec.Resource, spec.Namespace, spec.Selector);
        if (spec.Resource is null && (spec.Namespace is not null || spec.Selector is not null))
        {
            items = items.Where(spec.Matches).ToList();
        }
        return new ListWatch(spec, store.Feed.Subscribe(spec.Resource, revision, spec.Capacity, Interest), items, revision);
    }

    /// <summary>
    /// Waits until an event may be read. False when the watch ended; throws <see cref="WatcherTooSlowException"/>
    /// when this consumer fell more than its capacity behind.
    /// </summary>
    public ValueTask<bool> WaitAsync(CancellationToken ct) => _subscription.Reader.WaitToReadAsync(ct);

    public bool TryRead([MaybeNullWhen(false)] out WatchEvent watchEvent)
    {
        while (_subscription.Reader.TryRead(out var change))
        {
            LastRevision = change.Revision;
            if (Classify(change) is { } type)
            {
                watchEvent = new WatchEvent(type, type == WatchEventType.Deleted && change.Type != ChangeType.Deleted
                    ? LastMatchingState(change)
                    : change.Object);
                return true;
            }
        }
        watchEvent = default;
        return false;
    }

    /// <summary>A revision a BOOKMARK may carry now: never past an event not yet read from this watch.</summary>
    public long BookmarkRevision => _subscription.BookmarkRevision(LastRevision);

    public void Dispose() => _subscription.Dispose();

    /// <summary>
    /// cacher.go's convertToWatchEvent: an object that leaves the selector is DELETED with the content it had
    /// while it matched (the previous state), stamped with the event's resourceVersion.
    /// </summary>
    private static StoredObject LastMatchingState(ObjectChange change)
    {
        var previous = change.Previous!;
        return new StoredObject
        {
            Resource = previous.Resource,
            Namespace = previous.Namespace,
            Name = previous.Name,
            ResourceVersion = change.Revision,
            Json = RevisionStamper.Instance.StampDeleted(previous.Json, change.Revision),
            Index = previous.Index,
        };
    }

    /// <summary>
    /// cacher.go's watch filtering: an object that stops matching is DELETED, one that
    /// starts matching is ADDED, and changes outside the selector before and after are not sent.
    /// </summary>
    private WatchEventType? Classify(ObjectChange change)
    {
        var now = _spec.Matches(change.Object);
        var before = change.Previous is not null && _spec.Matches(change.Previous);
        return change.Type switch
        {
            ChangeType.Added => now ? WatchEventType.Added : null,
            ChangeType.Deleted => before || now ? WatchEventType.Deleted : null,
            _ when now && before => WatchEventType.Modified,
            _ when now => WatchEventType.Added,
            _ when before => WatchEventType.Deleted,
            _ => null,
        };
    }
}
