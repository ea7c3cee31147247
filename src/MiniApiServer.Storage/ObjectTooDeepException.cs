namespace MiniApiServer.Storage;

/// <summary>
/// An object nested deeper than the store reads and writes (<see cref="ObjectDepth.Max"/>), refused before it is
/// queued: past the commit, the stamper, the indexer and every reader of the log would fail on it. Reported as a 400.
/// </summary>
public sealed class ObjectTooDeepException(int max) : Exception($"the object is nested more than {max} levels deep, which this server does not store")
{
    public int Max { get; } = max;
}
