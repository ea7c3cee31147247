using System.Globalization;
using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Watch.WatchHttp;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// allowWatchBookmarks=true: a BOOKMARK goes out once per bookmark interval whether the watch is idle (nothing wakes
/// it but the interval) or busy (it wakes for every commit), as the cacher's bookmark timer does for a reflector
/// (staging/src/k8s.io/apiserver/pkg/storage/cacher/cacher.go, dispatchEvents and the bookmark ticker), up to 2 s before
/// the watch's deadline and not after (cache_watcher.go nextBookmarkTime): each watch here runs 2 s past its cadence window.
/// </summary>
public sealed class BookmarkCadenceTests : ServerTest
{
    protected override ApiServerHost StartServer() =>
        ApiServerHost.Start(settings: new Dictionary<string, string> { ["Watch:BookmarkInterval"] = "00:00:00.200" });

    private static async Task<HttpResponseMessage> WatchWithBookmarksAsync(HttpClient http, string from, int seconds)
    {
        var resp = await http.GetAsync($"{ConfigMaps}?watch=true&allowWatchBookmarks=true&resourceVersion={from}&timeoutSeconds={seconds}",
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, resp.StatusCode);
        return resp;
    }

    [Fact]
    public async Task IdleWatch_GetsABookmarkEveryInterval_NeverBehindTheRevisionItStartedFrom()
    {
        using var http = NewStreamingHttp();
        var from = await CreateAsync(http, "before", "1");
        using var resp = await WatchWithBookmarksAsync(http, from, 4);

        var events = await ReadAllAsync(resp);

        // 2 s at one per 200 ms is ~10; at least 4 leaves room for a slow machine, none would mean no timer.
        Assert.True(events.Count >= 4, $"{events.Count} events: {string.Join("\n", events.Select(e => e.ToJsonString()))}");
        Assert.All(events, e => Assert.Equal("BOOKMARK", Type(e)));
        // A bookmark carries the store's progress, which other resources' writes (leases, events) move on.
        var revisions = events.Select(e => long.Parse(ResourceVersion(e["object"]!), CultureInfo.InvariantCulture)).ToList();
        Assert.True(revisions[0] >= long.Parse(from, CultureInfo.InvariantCulture), $"first bookmark at {revisions[0]}, watch from {from}");
        Assert.Equal(revisions.Order(), revisions);
    }

    [Fact]
    public async Task BusyWatch_StillGetsBookmarks_NeverAheadOfTheEventsBeforeThem()
    {
        using var http = NewStreamingHttp();
        var from = await CreateAsync(http, "first", "1");
        using var resp = await WatchWithBookmarksAsync(http, from, 5);
        var reading = ReadAllAsync(resp);
        // A write every few milliseconds keeps waking the watch well inside each bookmark interval.
        var written = new List<string>();
        var until = DateTime.UtcNow.AddSeconds(1.5);
        for (var i = 0; DateTime.UtcNow < until; i++)
        {
            written.Add(await CreateAsync(http, $"busy-{i}", "1"));
        }

        var events = await reading;

        var bookmarks = events.Where(e => Type(e) == "BOOKMARK").ToList();
        Assert.True(bookmarks.Count >= 3, $"{bookmarks.Count} bookmarks among {events.Count} events");
        Assert.Equal(written, events.Where(e => Type(e) == "ADDED").Select(e => ResourceVersion(e["object"]!)));
        long last = long.Parse(from, CultureInfo.InvariantCulture);
        foreach (var e in events)
        {
            var revision = long.Parse(ResourceVersion(e["object"]!), CultureInfo.InvariantCulture);
            Assert.True(revision >= last, $"{Type(e)} at {revision} after {last}");
            last = revision;
        }
    }
}
