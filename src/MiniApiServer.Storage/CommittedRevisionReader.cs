using System.Diagnostics;

namespace MiniApiServer.Storage;

/// <summary>
/// The database's committed revision for consistent reads, read once per round trip however many requests ask at
/// the same time. A caller may take the answer of any read that started after it arrived: that answer is at least
/// as new as the one it would have read itself. So 64 concurrent creates cost one or two round trips, not 64.
/// </summary>
public sealed class CommittedRevisionReader(Func<long?> read)
{
    private readonly Lock _gate = new();
    private long _startedAt = long.MinValue;
    private long? _result;

    public long? Read()
    {
        var arrival = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_startedAt > arrival)
            {
                return _result;
            }
            _startedAt = Stopwatch.GetTimestamp();
            try
            {
                _result = read();
            }
            catch
            {
                // Nobody may reuse a read that failed: the next caller asks the database itself.
                _startedAt = long.MinValue;
                throw;
            }
            return _result;
        }
    }
}
