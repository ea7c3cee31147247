namespace MiniApiServer.Storage.Watching;

public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
}
