using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// Property: whatever moments a watcher's streams break at, resuming from the last resourceVersion it saw
/// (from an event or a BOOKMARK) yields exactly the committed history for its selector, in order, with no
/// gap and no duplicate. The committed history is read from the durable log after the server stops.
/// </summary>
public sealed class WatchConsistencyPropertyTests(ITestOutputHelper output)
{
    private const string Namespace = "watchprop";
    private const string Collection = $"/api/v1/namespaces/{Namespace}/configmaps";
    private const int Writers = 8;
    private const int Names = 24;
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(20);
    private static readonly string[] Sets = ["a", "b", "c"];

    [Fact]
    public async Task ResumingWatchers_SeeExactlyTheCommittedHistoryOfTheirSelector()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        // Nothing may be compacted: the whole run must stay both resumable and in the log.
        var server = ApiServerHost.Start(settings: new Dictionary<string, string>
        {
            ["Storage:WatchWindowMinEvents"] = "10000000",
            ["Storage:WatchWindowMaxEvents"] = "10000000",
            ["Storage:CompactionInterval"] = "01:00:00",
            ["Limits:MaxWatchesPerClient"] = "0",
            ["Watch:BookmarkInterval"] = "00:00:00.250",
        });
        using var watchHttp = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        var watchers = new List<(ResumingWatcher Watcher, Func<string?, bool> Matches)>();
        long from, last;
        var writes = new WriteCounts();
        try
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
            await http.CreateAsync("/api/v1/namespaces", Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } }));
            using var stopWriting = new CancellationTokenSource(WriteFor);
            var writing = Enumerable.Range(0, Writers).Select(i => WriteAsync(http, new Random(seed + i), writes, stopWriting.Token)).ToList();
            // Watchers start while writes are in flight, from the revision of a LIST, as a reflector does.
            await Eventually.True(() => Task.FromResult(writes.Ok > 100), TimeSpan.FromSeconds(20), "the writers got going");
            from = long.Parse((await http.GetJsonAsync(Collection))!.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);

            watchers.Add((Watcher("all-steady", null, bookmarks: true, Disconnects.None), _ => true));
            watchers.Add((Watcher("all-cut", null, bookmarks: false, Disconnects.ClientCancel), _ => true));
            watchers.Add((Watcher("all-bookmarks-cut-timeout", null, bookmarks: true, Disconnects.ClientCancel | Disconnects.ServerTimeout), _ => true));
            watchers.Add((Watcher("a-timeout", "set=a", bookmarks: false, Disconnects.ServerTimeout), s => s == "a"));
            watchers.Add((Watcher("a-bookmarks-cut", "set=a", bookmarks: true, Disconnects.ClientCancel), s => s == "a"));
            watchers.Add((Watcher("ab-cut", "set in (a,b)", bookmarks: false, Disconnects.ClientCancel), s => s is "a" or "b"));
            watchers.Add((Watcher("ab-bookmarks-cut-timeout", "set in (a,b)", bookmarks: true, Disconnects.ClientCancel | Disconnects.ServerTimeout), s => s is "a" or "b"));
            using var deadline = new CancellationTokenSource(WriteFor + TimeSpan.FromSeconds(90));
            var watching = watchers.Select(w => Task.Run(() => w.Watcher.RunAsync(from, deadline.Token))).ToList();

            await Task.WhenAll(writing);
            // The run ends with one object every selector matches, so every watcher knows it has seen all.
            var closing = await http.CreateAsync(Collection, Json(Metadata("closing", "a")));
            last = long.Parse(closing.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);
            watchers.ForEach(w => w.Watcher.StopAt(last));
            await Task.WhenAll(watching);
        }
        finally
        {
            await server.DisposeAsync();
        }

        var log = CommittedLog.Read(server.DatabasePath, Namespace);
        output.WriteLine($"{writes}; watching revisions ({from}, {last}]; {log.Count} ConfigMap rows in the log");
        var failures = new List<string>();
        foreach (var (watcher, matches) in watchers)
        {
            output.WriteLine(watcher.ToString());
            failures.AddRange(watcher.Errors.Select(e => $"{watcher.Name}: {e}"));
            var mismatch = FirstMismatch(log.Expected(matches, from, last), watcher.Events);
            if (mismatch is not null)
            {
                failures.Add($"{watcher.Name} (labelSelector={watcher.LabelSelector ?? "<none>"}): {mismatch}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        ResumingWatcher Watcher(string name, string? selector, bool bookmarks, Disconnects disconnects) =>
            new(watchHttp, Collection, name, selector, bookmarks, disconnects, seed ^ name.GetHashCode(StringComparison.Ordinal));
    }

    /// <summary>Creates, relabels, edits and deletes ConfigMaps from a small shared pool of names until told to stop.</summary>
    private static async Task WriteAsync(HttpClient http, Random random, WriteCounts counts, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var name = $"cm-{random.Next(Names):D2}";
            // A fifth of the time the object carries no set label, so only the unfiltered watchers see it.
            var set = random.Next(5) == 0 ? null : Sets[random.Next(Sets.Length)];
            var roll = random.Next(10);
            using var request = roll switch
            {
                < 3 => Send(HttpMethod.Post, Collection, Metadata(name, set), "application/json"),
                < 6 => Send(HttpMethod.Patch, $"{Collection}/{name}", new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["set"] = set } } }, "application/merge-patch+json"),
                < 8 => Send(HttpMethod.Patch, $"{Collection}/{name}", new JsonObject { ["data"] = new JsonObject { ["v"] = random.Next().ToString(CultureInfo.InvariantCulture) } }, "application/merge-patch+json"),
                _ => new HttpRequestMessage(HttpMethod.Delete, $"{Collection}/{name}"),
            };
            using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            counts.Count(response.StatusCode);
        }
    }

    private static JsonObject Metadata(string name, string? set) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = set is null ? new JsonObject() : new JsonObject { ["set"] = set } },
    };

    private static string Json(JsonObject body) => body.ToJsonString();

    private static HttpRequestMessage Send(HttpMethod method, string path, JsonObject body, string contentType) =>
        new(method, path) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, contentType) };

    /// <summary>Null when both sequences are equal, else where and how they first differ.</summary>
    private static string? FirstMismatch(List<WatchEventKey> expected, List<WatchEventKey> actual)
    {
        var i = 0;
        while (i < expected.Count && i < actual.Count && expected[i] == actual[i])
        {
            i++;
        }
        if (i == expected.Count && i == actual.Count)
        {
            return null;
        }
        return $"first mismatch at index {i} of {expected.Count} expected / {actual.Count} received events: "
            + $"expected {At(expected, i)}, got {At(actual, i)}\n"
            + $"  expected {Window(expected, i)}\n  received {Window(actual, i)}";

        static string At(List<WatchEventKey> events, int i) => i < events.Count ? events[i].ToString() : "<end of stream>";

        static string Window(List<WatchEventKey> events, int i) =>
            string.Join(", ", events.Skip(Math.Max(0, i - 3)).Take(8));
    }

    /// <summary>Outcomes of the writers' requests, counted across threads.</summary>
    private sealed class WriteCounts
    {
        private readonly Dictionary<HttpStatusCode, int> _byStatus = [];
        private int _ok;

        public int Ok => Volatile.Read(ref _ok);

        public void Count(HttpStatusCode status)
        {
            if ((int)status is >= 200 and < 300)
            {
                Interlocked.Increment(ref _ok);
            }
            lock (_byStatus)
            {
                _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
            }
        }

        public override string ToString()
        {
            lock (_byStatus)
            {
                return $"{Ok} writes committed (" + string.Join(", ", _byStatus.OrderBy(s => s.Key).Select(s => $"{(int)s.Key}: {s.Value}")) + ")";
            }
        }
    }
}
