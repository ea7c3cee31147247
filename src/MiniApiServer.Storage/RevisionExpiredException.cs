namespace MiniApiServer.Storage;

/// <summary>The requested revision is older than the retained window (HTTP 410, reason Expired).</summary>
public sealed class RevisionExpiredException(long requested, long oldest)
    : Exception($"too old resource version: {requested} ({oldest})")
{
    public long Requested { get; } = requested;
    public long Oldest { get; } = oldest;
}
