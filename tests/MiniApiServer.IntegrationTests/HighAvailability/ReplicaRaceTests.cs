using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>The races of Races/ConcurrencyRaceTests, with the requests spread over three servers: the database decides.</summary>
public sealed class ReplicaRaceTests(ThreeReplicas cluster) : IClassFixture<ThreeReplicas>
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task FiftyConflictingPuts_OverThreeReplicas_ExactlyOneWinner_AndTheStoredObjectIsTheWinners()
    {
        var created = await PostAsync(cluster.Http[0], ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "contended" } });
        Assert.Equal(HttpStatusCode.Created, created.Code);
        var rv = (string)created.Body["metadata"]!["resourceVersion"]!;
        // Every replica must have the object before the race, or a PUT through a lagging one is a 404, not a 409.
        foreach (var http in cluster.Http)
        {
            await Eventually.True(async () => (await http.GetAsync($"{ConfigMaps}/contended")).IsSuccessStatusCode, TimeSpan.FromSeconds(10), "replicated");
        }
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var body = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "contended", ["resourceVersion"] = rv },
                ["data"] = new JsonObject { ["writer"] = $"w{i}" },
            };
            using var resp = await cluster.Http[i % 3].PutAsync($"{ConfigMaps}/contended", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
            return (resp.StatusCode, Writer: $"w{i}", Body: JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
        })));

        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(49, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        var winnerRv = (string)winner.Body["metadata"]!["resourceVersion"]!;
        foreach (var http in cluster.Http)
        {
            var stored = await Eventually.Get(async () => JsonNode.Parse(await http.GetStringAsync($"{ConfigMaps}/contended"))!,
                s => (string?)s["metadata"]!["resourceVersion"] == winnerRv, TimeSpan.FromSeconds(10), "the winner on every replica");
            Assert.Equal(winner.Writer, (string?)stored["data"]!["writer"]);
        }
    }

    [Fact]
    public async Task ThirtyCreatesOfOneName_OverThreeReplicas_OneCreated_RestAlreadyExists()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() =>
            PostAsync(cluster.Http[i % 3], ConfigMaps, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "only-one" },
                ["data"] = new JsonObject { ["creator"] = $"c{i}" },
            }))));

        Assert.Single(results, r => r.Code == HttpStatusCode.Created);
        var refused = results.Where(r => r.Code != HttpStatusCode.Created).ToList();
        Assert.Equal(29, refused.Count);
        Assert.All(refused, r =>
        {
            Assert.Equal(HttpStatusCode.Conflict, r.Code);
            Assert.Equal("AlreadyExists", (string?)r.Body["reason"]);
        });
    }

    /// <summary>A GET without resourceVersion is a consistent read on every replica, as kube-apiserver's from its cache.</summary>
    [Fact]
    public async Task WriteThroughOneReplica_IsReadImmediatelyThroughAnother()
    {
        for (var i = 0; i < 10; i++)
        {
            var created = await PostAsync(cluster.Http[i % 3], ConfigMaps, new JsonObject { ["metadata"] = new JsonObject { ["name"] = $"fresh-{i}" } });
            Assert.Equal(HttpStatusCode.Created, created.Code);
            using var read = await cluster.Http[(i + 1) % 3].GetAsync($"{ConfigMaps}/fresh-{i}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            var list = JsonNode.Parse(await cluster.Http[(i + 2) % 3].GetStringAsync($"{ConfigMaps}?labelSelector="))!["items"]!.AsArray();
            Assert.Contains(list, item => (string?)item!["metadata"]!["name"] == $"fresh-{i}");
        }
    }

    private static async Task<(HttpStatusCode Code, JsonNode Body)> PostAsync(HttpClient http, string path, JsonObject body)
    {
        body["apiVersion"] = "v1";
        body["kind"] = "ConfigMap";
        using var resp = await http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
    }
}
