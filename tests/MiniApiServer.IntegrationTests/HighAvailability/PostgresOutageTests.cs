using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using Npgsql;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// PostgreSQL goes away under a server: /readyz says [-]storage, writes get a 503 Status, reads keep serving
/// from the cache; when it returns, the server recovers without a restart and nothing acknowledged is lost. A database
/// that is there but holds the reads does not hang them.
/// </summary>
public sealed class PostgresOutageTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task PostgresStops_Writes503_ReadsServe_ReadyzFails_ThenRecoversWithoutRestart()
    {
        using var postgres = new PostgresServer();
        using var server = await ServerProcess.StartAsync(postgres.NewDatabase(), 0);
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var acknowledged = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Created, (await Create(http, $"before-{i}")).StatusCode);
            acknowledged.Add($"before-{i}");
        }

        postgres.Stop();

        using var refused = await Create(http, "during");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal(503, (int?)status["code"]);
        await Eventually.True(async () => (await (await http.GetAsync("/readyz?verbose")).Content.ReadAsStringAsync()).Contains("[-]storage", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "[-]storage");
        Assert.Equal(HttpStatusCode.InternalServerError, (await http.GetAsync("/readyz")).StatusCode);
        var list = JsonNode.Parse(await http.GetStringAsync(ConfigMaps))!["items"]!.AsArray();
        Assert.Equal(acknowledged, list.Select(i => (string)i!["metadata"]!["name"]!).Where(n => n.StartsWith("before-", StringComparison.Ordinal)).Order());

        postgres.Start();

        await Eventually.True(async () => (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "ready again");
        Assert.Equal(HttpStatusCode.Created, (await Create(http, "after")).StatusCode);
        acknowledged.Add("after");
        var names = JsonNode.Parse(await http.GetStringAsync(ConfigMaps))!["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).ToList();
        Assert.All(acknowledged, a => Assert.Contains(a, names));
        Assert.DoesNotContain("during", names);
    }

    /// <summary>
    /// A consistent read first catches up with the revision committed in PostgreSQL. When the database holds that read
    /// (here a lock on the revision row's table, as a stalled disk or a long migration would), the read must not wait
    /// for the driver's 30 s command timeout: after the consistent-read deadline (3 s, kube-apiserver's cacher's) it is
    /// served from the cache, and the metric counts it.
    /// </summary>
    [Fact]
    public async Task RevisionReadHeldByALock_GetAndListAnswerFromTheCache_BeforeTheDriverTimeout()
    {
        using var postgres = new PostgresServer();
        var database = postgres.NewDatabase();
        using var server = await ServerProcess.StartAsync(database, 0);
        // Shorter than Npgsql's 30 s command timeout, which is what a read without a deadline waits for.
        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(HttpStatusCode.Created, (await Create(http, "held")).StatusCode);

        await using var locker = postgres.Connect(database);
        await locker.OpenAsync();
        await using var tx = await locker.BeginTransactionAsync();
        await using (var lockTable = new NpgsqlCommand("LOCK TABLE cluster_meta IN ACCESS EXCLUSIVE MODE", locker, tx))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        Assert.Equal("held", (string?)JsonNode.Parse(await http.GetStringAsync($"{ConfigMaps}/held"))!["metadata"]?["name"]);
        var list = JsonNode.Parse(await http.GetStringAsync(ConfigMaps))!["items"]!.AsArray();
        Assert.Contains(list, i => (string?)i!["metadata"]?["name"] == "held");
        var late = (await http.GetStringAsync("/metrics")).Split('\n')
            .Single(l => l.StartsWith("storage_consistent_read_deadline_exceeded_total ", StringComparison.Ordinal));
        Assert.True(double.Parse(late.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) >= 2, late);

        await tx.RollbackAsync();
        Assert.Equal(HttpStatusCode.Created, (await Create(http, "after")).StatusCode);
        Assert.Equal("after", (string?)JsonNode.Parse(await http.GetStringAsync($"{ConfigMaps}/after"))!["metadata"]?["name"]);
    }

    private static Task<HttpResponseMessage> Create(HttpClient http, string name) =>
        http.PostAsync(ConfigMaps, new StringContent(
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name } }.ToJsonString(),
            Encoding.UTF8, "application/json"));
}
