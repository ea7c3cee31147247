using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>A stalled watcher is cut off at its buffer, resumption works inside the window and is 410 outside it.</summary>
public sealed class WatchRobustnessTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start(settings: new Dictionary<string, string>
        {
            ["Storage:WatcherBufferSize"] = "20",
            ["Storage:WatchWindowMinEvents"] = "10",
            ["Storage:WatchWindowMaxEvents"] = "40",
            ["Storage:WatchWindow"] = "00:00:01",
            ["Limits:MaxWatchesPerClient"] = "5",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WatcherThatNeverReads_IsCutOffAtItsBuffer_ThenResumesOrGets410()
    {
        var feed = ((ObjectStore)_server.Services.GetService(typeof(ObjectStore))!).Feed;
        var baseline = feed.SubscriberCount;
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var stalled = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion=0", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(baseline + 1, feed.SubscriberCount);
        // Large objects fill the socket and response buffers quickly, so the server-side queue has to absorb the rest.
        var payload = new string('x', 256 * 1024);
        for (var i = 0; feed.SubscriberCount > baseline; i++)
        {
            Assert.True(i < 400, "the stalled watcher was never cut off");
            await CreateAsync(http, $"big-{i}", payload);
        }
        // The stream ends after what was already buffered; nothing is lost silently: the client resumes from its last rv.
        var events = await ReadAllAsync(stalled);
        var lastRv = events.Count > 0 ? events[^1]["object"]!["metadata"]!["resourceVersion"]!.GetValue<string>() : "1";
        using var resumed = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={lastRv}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        var next = await ReadAllAsync(resumed);
        Assert.True(next.Count > 0, "resumed watch delivered nothing");
        Assert.True(next[0]["type"]!.GetValue<string>() is "ADDED" or "ERROR");
        if (next[0]["type"]!.GetValue<string>() == "ERROR")
        {
            Assert.Equal(410, next[0]["object"]!["code"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task ResumeFromLastResourceVersion_DeliversExactlyTheLaterEvents()
    {
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var rv = await CreateAsync(http, "first", "a");
        await CreateAsync(http, "second", "b");
        await CreateAsync(http, "third", "c");
        using var resumed = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={rv}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        var events = await ReadAllAsync(resumed);
        Assert.Equal(["second", "third"], events.Select(e => e["object"]!["metadata"]!["name"]!.GetValue<string>()).Where(n => n is "first" or "second" or "third"));
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
        Assert.Equal("ERROR", error["type"]!.GetValue<string>());
        Assert.Equal(410, error["object"]!["code"]!.GetValue<int>());
        Assert.Equal("Expired", error["object"]!["reason"]!.GetValue<string>());
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

    private static async Task<string> CreateAsync(HttpClient http, string name, string value)
    {
        var body = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["v"] = value } };
        using var resp = await http.PostAsync(ConfigMaps, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        return JsonNode.Parse(await resp.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private static async Task<List<JsonNode>> ReadAllAsync(HttpResponseMessage response)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<JsonNode>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length > 0)
            {
                events.Add(JsonNode.Parse(line)!);
            }
        }
        return events;
    }
}
