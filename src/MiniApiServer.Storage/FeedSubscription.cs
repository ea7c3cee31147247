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

    internal FeedSubscription(ChangeFeed feed, string? resource, int? capacity)
    {
        _feed = feed;
        Resource = resource;
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
