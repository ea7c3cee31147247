using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>Cluster IP allocation with the creates spread over three servers on one PostgreSQL: no IP is handed out twice.</summary>
public sealed class ReplicaServiceAllocationTests(ThreeReplicas cluster) : IClassFixture<ThreeReplicas>
{
    private const string Services = "/api/v1/namespaces/default/services";

    [Fact]
    public async Task ThirtyServicesAskingForOneIp_OverThreeReplicas_ExactlyOneGetsIt()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => PostAsync(cluster.Http[i % 3], $"wanted-{i}", "10.96.0.200"))));

        Assert.Single(results, r => r.Code == HttpStatusCode.Created);
        Assert.All(results.Where(r => r.Code != HttpStatusCode.Created), r =>
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.Code);
            Assert.EndsWith("failed to allocate IP 10.96.0.200: provided IP is already allocated", (string)r.Body["message"]!, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task FortyDynamicServices_OverThreeReplicas_AllGetDistinctIps()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => PostAsync(cluster.Http[i % 3], $"dyn-{i}", null))));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Code));
        Assert.Equal(40, results.Select(r => (string)r.Body["spec"]!["clusterIP"]!).Distinct().Count());
    }

    private static async Task<(HttpStatusCode Code, JsonNode Body)> PostAsync(HttpClient http, string name, string? clusterIp)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Service",
            ["metadata"] = new JsonObject { ["name"] = name },
            ["spec"] = new JsonObject { ["clusterIP"] = clusterIp, ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }) },
        };
        using var resp = await http.PostAsync(Services, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
    }
}
