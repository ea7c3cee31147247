using System.Threading.Channels;

namespace MiniApiServer.Storage;

/// <summary>
/// A live subscription to the change feed. Events arrive in revision order. When the subscriber falls
/// more than its buffer behind, the channel completes with <see cref="WatcherTooSlowException"/> rather
/// than holding memory without bound; the subscriber can resume from the last revision it saw.
/// </summary>
public sealed class FeedSubscription : IDisposable
{
    private readonly ChangeFeed _feed;
    internal readonly Channel<ObjectChange> Channel;
    private long _progress;
    private long _startAfter;

    private readonly Func<ObjectChange, bool>? _interest;

    internal FeedSubscription(ChangeFeed feed, string? resource, int? capacity, Func<ObjectChange, bool>? interest)
    {
        _feed = feed;
        Resource = resource;
        _interest = interest;
        Channel = capacity is int c
            ? System.Threading.Channels.Channel.CreateBounded<ObjectChange>(new BoundedChannelOptions(c)
            {
                SingleReader = true,
                SingleWriter = true,
                FullMode = BoundedChannelFullMode.Wait,
            })
            : System.Threading.Channels.Channel.CreateUnbounded<ObjectChange>(new UnboundedChannelOptions
            {
                SingleReader = true,
                SingleWriter = true,
            });
    }

    public string? Resource { get; }

    public ChannelReader<ObjectChange> Reader => Channel.Reader;

    /// <summary>
    /// A revision a BOOKMARK may carry after <paramref name="lastDelivered"/> was written: the feed's progress
    /// past this subscription, but only when nothing offered to it is still unread. Progress is read before the
    /// buffer is checked, and the feed offers a change before it advances progress, so an empty buffer proves
    /// that every change up to that progress has already been delivered.
    /// </summary>
    public long BookmarkRevision(long lastDelivered)
    {
        var progress = Volatile.Read(ref _progress);
        return Channel.Reader.TryPeek(out _) ? lastDelivered : Math.Max(lastDelivered, progress);
    }

    /// <summary>Called by the feed, under its lock, after it offered (or skipped) the change at this revision.</summary>
    internal void Advance(long revision) => Volatile.Write(ref _progress, revision);

    /// <summary>
    /// The tailer applies a batch to the cache before it publishes it, so a LIST can return a revision the feed
    /// has not reached yet; a watch from that revision must not receive those changes again when they arrive.
    /// </summary>
    internal void StartAfter(long revision) => _startAfter = revision;

    internal bool Wants(ObjectChange change) =>
        change.Revision > _startAfter && (Resource is null || Resource == change.Resource) && (_interest is null || _interest(change));

    internal bool Offer(ObjectChange change)
    {
        if (Channel.Writer.TryWrite(change))
        {
            return true;
        }
        Channel.Writer.TryComplete(new WatcherTooSlowException());
        return false;
    }

    internal void Close(Exception? error = null) => Channel.Writer.TryComplete(error);

    public void Dispose() => _feed.Unsubscribe(this);
}
