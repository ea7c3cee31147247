using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// PostgreSQL goes away under a server: /readyz says [-]storage, writes get a 503 Status, reads keep serving
/// from the cache; when it returns, the server recovers without a restart and nothing acknowledged is lost.
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

    private static Task<HttpResponseMessage> Create(HttpClient http, string name) =>
        http.PostAsync(ConfigMaps, new StringContent(
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name } }.ToJsonString(),
            Encoding.UTF8, "application/json"));
}
