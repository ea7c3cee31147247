using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using Xunit.Abstractions;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>
/// The watch consistency property, against one server or several on one database: writers create, relabel,
/// edit and delete ConfigMaps under a few label sets through every server; resuming watchers with and without
/// selectors and bookmarks record what they are handed; afterwards each history is compared with the one the
/// committed log implies for its selector (<see cref="CommittedLog.Expected"/>).
/// The servers must retain the whole run (no compaction), so every resume point stays valid and in the log.
/// </summary>
internal sealed class WatchConsistencyRun(ITestOutputHelper output)
{
    public const string Namespace = "watchprop";
    private const string Collection = $"/api/v1/namespaces/{Namespace}/configmaps";
    private const int Writers = 8;
    private const int Names = 24;
    private static readonly TimeSpan WriteFor = TimeSpan.FromSeconds(20);
    private static readonly string[] Sets = ["a", "b", "c"];

    private readonly int _seed = Environment.TickCount;
    private readonly List<(ResumingWatcher Watcher, Func<string?, bool> Matches)> _watchers = [];
    private readonly WriteCounts _writes = new();
    private long _from;
    private long _last;

    /// <summary>Server settings that keep the whole run resumable and in the log, as command-line pairs.</summary>
    public static IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>
    {
        ["Storage:WatchWindowMinEvents"] = "10000000",
        ["Storage:WatchWindowMaxEvents"] = "10000000",
        ["Storage:CompactionInterval"] = "01:00:00",
        ["Limits:MaxWatchesPerClient"] = "0",
        ["Watch:BookmarkInterval"] = "00:00:00.250",
    };

    /// <summary>
    /// Writer i writes through writers[i % count]; every watcher resumes on a server picked at random from
    /// watchServers each time. Returns once every watcher has seen the run's last write (or given up).
    /// </summary>
    public async Task WriteAndWatchAsync(IReadOnlyList<HttpClient> writeServers, IReadOnlyList<HttpClient> watchServers)
    {
        output.WriteLine($"seed {_seed}");
        var http = writeServers[0];
        await http.CreateAsync("/api/v1/namespaces", Json(new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } }));
        foreach (var server in writeServers)
        {
            await Eventually.True(async () => (await server.GetAsync($"/api/v1/namespaces/{Namespace}")).IsSuccessStatusCode, TimeSpan.FromSeconds(10), $"{Namespace} on {server.BaseAddress}");
        }
        using var stopWriting = new CancellationTokenSource(WriteFor);
        var writing = Enumerable.Range(0, Writers)
            .Select(i => WriteAsync(writeServers[i % writeServers.Count], new Random(_seed + i), stopWriting.Token)).ToList();
        // Watchers start while writes are in flight, from the revision of a LIST, as a reflector does.
        await Eventually.True(() => Task.FromResult(_writes.Ok > 100), TimeSpan.FromSeconds(20), "the writers got going");
        _from = long.Parse((await http.GetJsonAsync(Collection))!.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);

        Watch("all-steady", null, bookmarks: true, Disconnects.None, _ => true);
        Watch("all-cut", null, bookmarks: false, Disconnects.ClientCancel, _ => true);
        Watch("all-bookmarks-cut-timeout", null, bookmarks: true, Disconnects.ClientCancel | Disconnects.ServerTimeout, _ => true);
        Watch("a-timeout", "set=a", bookmarks: false, Disconnects.ServerTimeout, s => s == "a");
        Watch("a-bookmarks-cut", "set=a", bookmarks: true, Disconnects.ClientCancel, s => s == "a");
        Watch("ab-cut", "set in (a,b)", bookmarks: false, Disconnects.ClientCancel, s => s is "a" or "b");
        Watch("ab-bookmarks-cut-timeout", "set in (a,b)", bookmarks: true, Disconnects.ClientCancel | Disconnects.ServerTimeout, s => s is "a" or "b");
        using var deadline = new CancellationTokenSource(WriteFor + TimeSpan.FromSeconds(90));
        var watching = _watchers.Select(w => Task.Run(() => w.Watcher.RunAsync(_from, deadline.Token))).ToList();

        await Task.WhenAll(writing);
        // The run ends with one object every selector matches, so every watcher knows it has seen all.
        var closing = await http.CreateAsync(Collection, Json(Metadata("closing", "a")));
        _last = long.Parse(closing.Str("metadata", "resourceVersion")!, CultureInfo.InvariantCulture);
        _watchers.ForEach(w => w.Watcher.StopAt(_last));
        await Task.WhenAll(watching);

        void Watch(string name, string? selector, bool bookmarks, Disconnects disconnects, Func<string?, bool> matches) =>
            _watchers.Add((new ResumingWatcher(watchServers, Collection, name, selector, bookmarks, disconnects, _seed ^ name.GetHashCode(StringComparison.Ordinal)), matches));
    }

    /// <summary>Every watcher saw exactly the history the committed log implies for its selector, in order.</summary>
    public void AssertEveryWatcherSawTheCommittedHistory(CommittedLog log)
    {
        output.WriteLine($"{_writes}; watching revisions ({_from}, {_last}]; {log.Count} ConfigMap rows in the log");
        var failures = new List<string>();
        foreach (var (watcher, matches) in _watchers)
        {
            output.WriteLine(watcher.ToString());
            failures.AddRange(watcher.Errors.Select(e => $"{watcher.Name}: {e}"));
            var mismatch = FirstMismatch(log.Expected(matches, _from, _last), watcher.Events);
            if (mismatch is not null)
            {
                failures.Add($"{watcher.Name} (labelSelector={watcher.LabelSelector ?? "<none>"}): {mismatch}");
            }
        }
        Assert.True(_watchers.Count > 0 && failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>Creates, relabels, edits and deletes ConfigMaps from a small shared pool of names until told to stop.</summary>
    private async Task WriteAsync(HttpClient http, Random random, CancellationToken stop)
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
            _writes.Count(response.StatusCode);
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
}
