namespace MiniApiServer.Storage.Watching;

/// <summary>An event as this consumer's selector sees it; <see cref="Object"/> carries the revision.</summary>
public readonly record struct WatchEvent(WatchEventType Type, StoredObject Object)
{
    public long Revision => Object.ResourceVersion;
}
