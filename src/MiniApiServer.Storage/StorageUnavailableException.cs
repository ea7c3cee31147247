namespace MiniApiServer.Storage;

/// <summary>The durable store failed to commit; the write was not applied (HTTP 503, never a silent loss).</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
