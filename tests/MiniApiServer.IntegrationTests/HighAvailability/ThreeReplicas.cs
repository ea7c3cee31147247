using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>Three server processes on one real PostgreSQL database, for tests that spread requests over them.</summary>
public sealed class ThreeReplicas : IAsyncLifetime
{
    private ReplicaSet? _replicas;

    public PostgresServer Postgres { get; } = new();

    public IReadOnlyList<HttpClient> Http => _replicas?.Http ?? [];

    public async Task InitializeAsync() => _replicas = await ReplicaSet.StartAsync(Postgres.NewDatabase(), 3, TimeSpan.FromSeconds(20));

    public Task DisposeAsync()
    {
        _replicas?.Dispose();
        Postgres.Dispose();
        return Task.CompletedTask;
    }
}
