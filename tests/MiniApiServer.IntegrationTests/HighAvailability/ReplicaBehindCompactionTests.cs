using System.Globalization;
using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using Npgsql;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// A replica frozen (SIGSTOP) while another deletes an object and compacts the log past the deletion never reads that
/// deletion. When it runs again it must not go on serving the object: it finds the hole in the log, lists the database
/// again and says so in its metrics. Two server processes on one real PostgreSQL; the first keeps a watch window of a
/// fraction of a second, so its compaction passes the deletion quickly.
/// </summary>
public sealed class ReplicaBehindCompactionTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task ReplicaFrozenWhileAnotherCompactsPastADeletion_ForgetsTheObject_AndCountsTheRelist()
    {
        using var postgres = new PostgresServer();
        var db = postgres.NewDatabase();
        // The first replica compacts to a window of 0.2 s; the second keeps the default 5 minutes, so it never compacts
        // and, started second, holds no lease: frozen, it holds no row lock the first one's writes or compaction need.
        using var first = await ServerProcess.StartAsync(db, 0, "--Storage:WatchWindowMinEvents", "1", "--Storage:WatchWindow", "00:00:00.200",
            "--Storage:CompactionInterval", "00:00:00.500", "--LeaderElection:Identity", "replica-0");
        using var second = await ServerProcess.StartAsync(db, 0, "--LeaderElection:Identity", "replica-1");
        using var writer = new HttpClient { BaseAddress = first.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var frozen = new HttpClient { BaseAddress = second.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        await writer.CreateAsync(ConfigMaps, """{"metadata":{"name":"doomed"},"data":{"k":"v"}}""");
        await Eventually.True(async () => (await frozen.GetAsync($"{ConfigMaps}/doomed")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "the second replica served the object");

        second.Signal("STOP");
        try
        {
            Assert.Equal(HttpStatusCode.OK, await writer.DeleteJsonAsync($"{ConfigMaps}/doomed"));
            using var connection = postgres.Connect(db);
            connection.Open();
            var deletion = Meta(connection, "revision");
            var filler = 0;
            await Eventually.True(async () =>
            {
                // Later writes move the first replica's watch window, and its compaction with it, past the deletion.
                await writer.CreateAsync(ConfigMaps, $"{{\"metadata\":{{\"name\":\"filler-{filler++}\"}}}}");
                return Meta(connection, "compacted") >= deletion;
            }, TimeSpan.FromSeconds(30), "the first replica compacted the log past the deletion");
        }
        finally
        {
            second.Signal("CONT");
        }

        await Eventually.True(async () => (await frozen.GetAsync($"{ConfigMaps}/doomed")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(20), "the second replica forgot the deleted object");
        Assert.Contains("\nstorage_relists_total 1", await frozen.GetStringAsync("/metrics"), StringComparison.Ordinal);
        Assert.Contains("\nstorage_relists_total 0", await writer.GetStringAsync("/metrics"), StringComparison.Ordinal);
    }

    private static long Meta(NpgsqlConnection connection, string key)
    {
        using var cmd = new NpgsqlCommand("SELECT value FROM cluster_meta WHERE key = $1", connection);
        cmd.Parameters.AddWithValue(key);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
