using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>Three server processes on one real PostgreSQL database, for tests that spread requests over them.</summary>
public sealed class ThreeReplicas : IAsyncLifetime
{
    private readonly List<ServerProcess> _replicas = [];

    public PostgresServer Postgres { get; } = new();

    public IReadOnlyList<HttpClient> Http { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var db = Postgres.NewDatabase();
        for (var i = 0; i < 3; i++)
        {
            _replicas.Add(await ServerProcess.StartAsync(db, 0, "--LeaderElection:Identity", $"replica-{i}"));
        }
        Http = _replicas.Select(r => new HttpClient { BaseAddress = r.BaseAddress, Timeout = TimeSpan.FromSeconds(20) }).ToList();
    }

    public Task DisposeAsync()
    {
        foreach (var h in Http)
        {
            h.Dispose();
        }
        foreach (var r in _replicas)
        {
            r.Dispose();
        }
        Postgres.Dispose();
        return Task.CompletedTask;
    }
}
