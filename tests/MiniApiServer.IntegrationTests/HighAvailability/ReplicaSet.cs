using System.Globalization;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>Server processes on one PostgreSQL database (replica-0, replica-1, …), each with a client of its own.</summary>
public sealed class ReplicaSet : IDisposable
{
    private readonly List<ServerProcess> _processes = [];
    private readonly List<HttpClient> _http = [];

    private ReplicaSet()
    {
    }

    public IReadOnlyList<ServerProcess> Processes => _processes;

    public IReadOnlyList<HttpClient> Http => _http;

    /// <summary>Settings are configuration keys (Storage:WatchWindowMinEvents, …) passed on each command line.</summary>
    public static async Task<ReplicaSet> StartAsync(string db, int count, TimeSpan clientTimeout, IReadOnlyDictionary<string, string>? settings = null)
    {
        var set = new ReplicaSet();
        try
        {
            var args = (settings ?? new Dictionary<string, string>()).SelectMany(s => new[] { "--" + s.Key, s.Value }).ToArray();
            for (var i = 0; i < count; i++)
            {
                set._processes.Add(await ServerProcess.StartAsync(db, 0, [.. args, "--LeaderElection:Identity", $"replica-{i.ToString(CultureInfo.InvariantCulture)}"]));
                set._http.Add(new HttpClient { BaseAddress = set._processes[i].BaseAddress, Timeout = clientTimeout });
            }
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _http.ForEach(h => h.Dispose());
        _processes.ForEach(p => p.Dispose());
    }
}
