using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Storage;

public sealed class DurabilityTests
{
    private static string NewDb() => Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "cluster.db");

    [Fact]
    public async Task Restart_SameFile_KeepsObjectsAndResourceVersionsAndKeepsIncreasing()
    {
        var db = NewDb();
        string uid, rv;
        await using (var first = ApiServerHost.Start(db))
        {
            var created = await first.Http.PostAsync("/api/v1/namespaces/default/configmaps",
                new StringContent("""{"metadata":{"name":"keep"},"data":{"a":"1"}}""", Encoding.UTF8, "application/json"));
            var obj = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
            uid = obj["metadata"]!["uid"]!.GetValue<string>();
            rv = obj["metadata"]!["resourceVersion"]!.GetValue<string>();
        }
        await using var second = ApiServerHost.Start(db);
        var again = JsonNode.Parse(await second.Http.GetStringAsync("/api/v1/namespaces/default/configmaps/keep"))!;
        Assert.Equal(uid, again["metadata"]!["uid"]!.GetValue<string>());
        Assert.Equal(rv, again["metadata"]!["resourceVersion"]!.GetValue<string>());
        var next = await second.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            new StringContent("""{"metadata":{"name":"later"}}""", Encoding.UTF8, "application/json"));
        var nextRv = long.Parse(JsonNode.Parse(await next.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.True(nextRv > long.Parse(rv));
    }

    [Fact]
    public async Task KillDashNine_DuringConcurrentCreates_EveryAcknowledgedCreateSurvives()
    {
        var db = NewDb();
        var acknowledged = new ConcurrentDictionary<string, string>();
        using (var server = await ServerProcess.StartAsync(db))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var name = $"cm-{w}-{i}";
                    try
                    {
                        var resp = await http.PostAsync("/api/v1/namespaces/default/configmaps",
                            new StringContent($$$"""{"metadata":{"name":"{{{name}}}"},"data":{"w":"{{{w}}}"}}""", Encoding.UTF8, "application/json"));
                        if (resp.StatusCode == HttpStatusCode.Created)
                        {
                            var uid = JsonNode.Parse(await resp.Content.ReadAsStringAsync())!["metadata"]!["uid"]!.GetValue<string>();
                            acknowledged[name] = uid;
                        }
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        return;
                    }
                }
            })).ToList();
            await Eventually.True(() => Task.FromResult(acknowledged.Count >= 300), TimeSpan.FromSeconds(60), "300 acknowledged creates");
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        using var restarted = await ServerProcess.StartAsync(db);
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress };
        var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/namespaces/default/configmaps"))!;
        var present = list["items"]!.AsArray().ToDictionary(i => i!["metadata"]!["name"]!.GetValue<string>(), i => i!["metadata"]!["uid"]!.GetValue<string>());
        var missing = acknowledged.Where(a => !present.TryGetValue(a.Key, out var uid) || uid != a.Value).Select(a => a.Key).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged creates lost: {string.Join(",", missing.Take(10))}");
    }
}
