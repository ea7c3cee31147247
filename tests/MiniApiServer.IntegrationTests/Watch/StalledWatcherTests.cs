using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// A watcher that stops reading is cut off at its buffer, and loses nothing: resuming from the last event it got
/// replays exactly the rest. The window here retains every event of the test, so the resume point is never
/// compacted (the compacted case, 410 Expired, is <see cref="WatchRobustnessTests"/>).
/// </summary>
public sealed class StalledWatcherTests : IAsyncLifetime
{
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start(settings: new Dictionary<string, string>
        {
            ["Storage:WatcherBufferSize"] = "20",
            ["Storage:WatchWindowMinEvents"] = "100000",
            ["Storage:WatchWindowMaxEvents"] = "100000",
            ["Storage:WatchWindow"] = "01:00:00",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task WatcherThatNeverReads_IsCutOffAtItsBuffer_ThenResumeReplaysExactlyTheMissedEvents()
    {
        var feed = ((ObjectStore)_server.Services.GetService(typeof(ObjectStore))!).Feed;
        // Counted per resource: the in-process controllers' informers on other resources may still be subscribing.
        var subscribers = () => feed.SubscriberCountFor("configmaps");
        var baseline = subscribers();
        using var http = new HttpClient { BaseAddress = _server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var listRv = ResourceVersion(JsonNode.Parse(await http.GetStringAsync(ConfigMaps))!);
        using var stalled = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={listRv}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(baseline + 1, subscribers());
        // Large objects fill the socket and response buffers quickly, so the server-side queue has to absorb the rest.
        var payload = new string('x', 256 * 1024);
        var created = new List<string>();
        for (var i = 0; subscribers() > baseline; i++)
        {
            Assert.True(i < 400, "the stalled watcher was never cut off");
            await CreateAsync(http, $"big-{i}", payload);
            created.Add($"big-{i}");
        }

        // The stream ends after what was already buffered: a prefix of the writes, in order.
        var got = Ours(await ReadAllAsync(stalled));
        Assert.Equal(created.Take(got.Count), got.Select(e => Name(e)!));
        Assert.True(got.Count < created.Count, "the cut-off watcher received everything; nothing was left to resume");
        var lastRv = got.Count > 0 ? ResourceVersion(got[^1]["object"]!) : listRv;

        using var resumed = await http.GetAsync($"{ConfigMaps}?watch=true&resourceVersion={lastRv}&timeoutSeconds=1", HttpCompletionOption.ResponseHeadersRead);
        var replay = await ReadAllAsync(resumed);
        Assert.DoesNotContain(replay, e => Type(e) == "ERROR");
        Assert.Equal(created.Skip(got.Count), Ours(replay).Select(e => Name(e)!));
    }

    /// <summary>The test's own writes, each of which must arrive as ADDED.</summary>
    private static List<JsonNode> Ours(List<JsonNode> events)
    {
        var ours = events.Where(e => Name(e)?.StartsWith("big-", StringComparison.Ordinal) == true).ToList();
        Assert.All(ours, e => Assert.Equal("ADDED", Type(e)));
        return ours;
    }
}
