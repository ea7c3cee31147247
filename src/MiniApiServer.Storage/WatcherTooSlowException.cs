namespace MiniApiServer.Storage;

public sealed class WatcherTooSlowException() : Exception("watcher fell too far behind and was closed");
