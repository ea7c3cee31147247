using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Races;

/// <summary>Optimistic concurrency under contention: exactly-once winners, no lost updates, one creator per name.</summary>
public sealed class ConcurrencyRaceTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task FiftyPuts_SameResourceVersion_ExactlyOneWins_RestGet409()
    {
        var created = await CreateAsync("contended");
        var rv = created["metadata"]!["resourceVersion"]!.GetValue<string>();
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var writer = i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var body = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = "contended", ["resourceVersion"] = rv },
                ["data"] = new JsonObject { ["writer"] = writer },
            };
            using var resp = await _server.Http.PutAsync($"{ConfigMaps}/contended", Json(body));
            return (resp.StatusCode, Writer: writer, Body: JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
        })));
        var winner = Assert.Single(results, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(49, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));

        // The stored object is the winner's write, at the revision its 200 reported; no loser slipped in after it.
        var stored = JsonNode.Parse(await _server.Http.GetStringAsync($"{ConfigMaps}/contended"))!;
        var winnerRv = winner.Body["metadata"]!["resourceVersion"]!.GetValue<string>();
        Assert.NotEqual(rv, winnerRv);
        Assert.Equal(winnerRv, stored["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal(new JsonObject { ["writer"] = winner.Writer }.ToJsonString(), stored["data"]!.ToJsonString());
    }

    [Fact]
    public async Task FiftyLabelers_RetryOnConflict_AllFiftyLabelsPresent()
    {
        await CreateAsync("labeled");
        var url = $"{ConfigMaps}/labeled";
        var conflicts = 0;
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            for (var attempt = 0; attempt < 500; attempt++)
            {
                var current = JsonNode.Parse(await _server.Http.GetStringAsync(url))!;
                var labels = current["metadata"]!["labels"] as JsonObject ?? [];
                labels[$"client-{i}"] = "yes";
                current["metadata"]!["labels"] = labels.DeepClone();
                using var resp = await _server.Http.PutAsync(url, Json(current));
                if (resp.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
                Assert.Equal(HttpStatusCode.Conflict, resp.StatusCode);
                Interlocked.Increment(ref conflicts);
            }
            Assert.Fail($"client {i} never won");
        })));
        var final = JsonNode.Parse(await _server.Http.GetStringAsync(url))!;
        var present = final["metadata"]!["labels"]!.AsObject().Select(l => l.Key).ToHashSet();
        Assert.All(Enumerable.Range(0, 50), i => Assert.Contains($"client-{i}", present));
        Assert.True(conflicts > 0, "the race was not contended; the test proves nothing");
    }

    [Fact]
    public async Task ThirtyCreates_SameName_One201_Twentynine409AlreadyExists()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(async () =>
        {
            using var resp = await _server.Http.PostAsync(ConfigMaps, Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "only-one" } }));
            var body = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
            return (resp.StatusCode, Reason: body["reason"]?.GetValue<string>());
        })));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(29, results.Count(r => r.StatusCode == HttpStatusCode.Conflict && r.Reason == "AlreadyExists"));
    }

    private async Task<JsonNode> CreateAsync(string name)
    {
        using var resp = await _server.Http.PostAsync(ConfigMaps, Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        return JsonNode.Parse(await resp.Content.ReadAsStringAsync())!;
    }

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}
