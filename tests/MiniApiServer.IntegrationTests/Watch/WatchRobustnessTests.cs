using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>Resumption works inside the retained window and is 410 outside it; watches per client are capped.</summary>
public sealed class WatchRobustnessTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start(settings: new Dictionary<string, string>
        {
            ["Storage:WatchWindowMinEvents"] = "10",
            ["Storage:WatchWindowMaxEvents"] = "40",
            ["Storage:WatchWindow"] = "00:00:01",
            ["Limits:MaxWatchesPerClient"] = "5",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ResumeFromLastResourceVersion_DeliversExactlyTheLaterEvents()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var rv = await CreateAsync(http, "first", "a");
        await CreateAsync(http, "second", "b");
        await CreateAsync(http, "third", "c");
        using var resumed = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        var events = (await ReadAllAsync(resumed)).Where(e => Name(e) is "first" or "second" or "third").ToList();
        Assert.Equal(["second", "third"], events.Select(e => Name(e)));
        Assert.All(events, e => Assert.Equal("ADDED", Type(e)));
    }

    [Fact]
    public async Task ResumeFromCompactedResourceVersion_GetsErrorEvent410Expired()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var old = await CreateAsync(http, "old", "v");
        for (var i = 0; i < 60; i++)
        {
            await CreateAsync(http, $"churn-{i}", "v");
        }
        using var resp = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={old}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        var events = await ReadAllAsync(resp);
        var error = Assert.Single(events);
        Assert.Equal("ERROR", Type(error));
        var status = error["object"]!;
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("Failure", status["status"]!.GetValue<string>());
        Assert.Equal(410, status["code"]!.GetValue<int>());
        Assert.Equal("Expired", status["reason"]!.GetValue<string>());
        Assert.StartsWith($"too old resource version: {old} ", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcurrentWatchesPerClient_AreCapped_With429Status()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var open = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            open.Add(await http.GetAsync($"{ConfigMaps}?watch=true", HttpCompletionOption.ResponseHeadersRead));
            Assert.Equal(HttpStatusCode.OK, open[^1].StatusCode);
        }
        using (var refused = await http.GetAsync($"{ConfigMaps}?watch=true", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal((HttpStatusCode)429, refused.StatusCode);
            var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
            Assert.Equal("TooManyRequests", status["reason"]!.GetValue<string>());
            Assert.Equal(429, status["code"]!.GetValue<int>());
        }
        open[0].Dispose();
        await Eventually.True(async () =>
        {
            using var again = await http.GetAsync($"{ConfigMaps}?watch=true&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
            return again.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10), "a slot frees when a watch ends");
        open.ForEach(r => r.Dispose());
    }
}
