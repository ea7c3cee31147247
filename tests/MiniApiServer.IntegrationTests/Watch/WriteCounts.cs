using System.Net;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>Outcomes of the writers' requests, counted across threads.</summary>
internal sealed class WriteCounts
{
    private readonly Dictionary<HttpStatusCode, int> _byStatus = [];
    private int _ok;

    public int Ok => Volatile.Read(ref _ok);

    public void Count(HttpStatusCode status)
    {
        if ((int)status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _ok);
        }
        lock (_byStatus)
        {
            _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
        }
    }

    public override string ToString()
    {
        lock (_byStatus)
        {
            return $"{Ok} writes committed (" + string.Join(", ", _byStatus.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")) + ")";
        }
    }
}
