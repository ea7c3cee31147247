using System.Collections.Concurrent;
using MiniApiServer.Application.Errors;
using MiniApiServer.Security;

namespace MiniApiServer.Watch;

/// <summary>
/// Caps concurrent watches per client (the authenticated user, else the remote address), so one client
/// cannot hold every buffer. Upstream relies on max-requests-inflight instead; this is the per-client
/// analogue. Setting Limits:MaxWatchesPerClient (0 = unlimited).
/// </summary>
public sealed class WatchLimits(IConfiguration configuration)
{
    public const int DefaultMaxWatchesPerClient = 100;

    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly int _max = configuration.GetValue("Limits:MaxWatchesPerClient", DefaultMaxWatchesPerClient);

    /// <summary>Reserves a watch slot or throws 429; dispose the result when the watch ends.</summary>
    public IDisposable Acquire(HttpContext context)
    {
        var client = context.Items[UserInfo.ContextKey] is UserInfo user ? "user:" + user.Name : "addr:" + context.Connection.RemoteIpAddress;
        var now = _open.AddOrUpdate(client, 1, (_, n) => n + 1);
        if (_max > 0 && now > _max)
        {
            Release(client);
            throw new ApiException(429, "TooManyRequests", $"too many concurrent watches for this client (limit {_max})")
            {
                Details = new StatusDetails(null, null, null, RetryAfterSeconds: 1),
            };
        }
        return new Slot(this, client);
    }

    private void Release(string client)
    {
        if (_open.AddOrUpdate(client, 0, (_, n) => n - 1) <= 0)
        {
            _open.TryRemove(new KeyValuePair<string, int>(client, 0));
        }
    }

    private sealed class Slot(WatchLimits limits, string client) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                limits.Release(client);
            }
        }
    }
}
