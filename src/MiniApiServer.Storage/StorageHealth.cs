namespace MiniApiServer.Storage;

/// <summary>
/// Whether the last commit succeeded. /readyz reports [-]storage while it did not; reads keep serving from
/// the cache, and writes are still attempted, so the first one after the disk has room again heals it.
/// </summary>
public sealed class StorageHealth
{
    private volatile string? _lastError;

    public bool Healthy => _lastError is null;

    public string? LastError => _lastError;

    internal void Failed(string error) => _lastError = error;

    internal void Recovered() => _lastError = null;
}
