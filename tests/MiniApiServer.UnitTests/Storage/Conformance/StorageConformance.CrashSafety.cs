using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage.Conformance;

/// <summary>
/// Crash safety: a server process killed with SIGKILL in the middle of a burst of creates loses no acknowledged
/// write, leaves a log whose revisions run on without a gap, and after a restart serves each acknowledged object
/// at the revision it was acknowledged with and replays the log to a watch from before the burst (or answers
/// 410 Expired when that revision was compacted meanwhile).
/// </summary>
public abstract partial class StorageConformance
{
    private const string ConfigMapsPath = "/api/v1/namespaces/default/configmaps";

    [Fact]
    public async Task KillDashNine_DuringAWriteBurst_KeepsEveryAcknowledgedWrite_AGaplessLog_AndAReplayableWatch()
    {
        var acknowledged = new ConcurrentDictionary<string, (string Uid, long Revision)>();
        long beforeBurst;
        using (var server = await ServerProcess.StartAsync(DbArgument))
        {
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            beforeBurst = Revision(JsonNode.Parse(await http.GetStringAsync(ConfigMapsPath))!);
            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 8).Select(w => Task.Run(() => CreateUntilKilledAsync(http, $"burst-{w}", acknowledged, stop.Token))).ToList();
            var killAfter = 100 + Random.Shared.Next(100);
            await Eventually.True(() => Task.FromResult(acknowledged.Count >= killAfter), TimeSpan.FromSeconds(60), $"{killAfter} acknowledged creates");
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }

        long lastRevision;
        List<LogRow> configMapRows;
        long compactedThrough;
        using (var backend = Open())
        {
            var snapshot = backend.Load(new ResourceIndexer());
            compactedThrough = snapshot.CompactedThrough;
            var log = backend.ReadLog(0, 1_000_000);
            Assert.Equal(Enumerable.Range(0, log.Count).Select(i => compactedThrough + 1 + i), log.Select(r => r.Revision));
            lastRevision = snapshot.Revision;
            Assert.Equal(lastRevision, log.Count > 0 ? log[^1].Revision : compactedThrough);
            configMapRows = log.Where(r => r.Resource == Writes.ConfigMaps && r.Namespace == "default").ToList();
            var rowsByRevision = configMapRows.ToDictionary(r => r.Revision);
            var objects = snapshot.Objects.Where(o => o.Resource == Writes.ConfigMaps && o.Namespace == "default").ToDictionary(o => o.Name);
            Assert.All(acknowledged, a =>
            {
                Assert.True(rowsByRevision.TryGetValue(a.Value.Revision, out var row) && row.Name == a.Key && row.Type == ChangeType.Added,
                    $"{a.Key}: no ADDED row at its acknowledged revision {a.Value.Revision}");
                Assert.Equal(a.Value.Revision, objects[a.Key].ResourceVersion);
            });
        }

        using var restarted = await ServerProcess.StartAsync(DbArgument);
        using var client = new HttpClient { BaseAddress = restarted.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
        var stored = JsonNode.Parse(await client.GetStringAsync(ConfigMapsPath))!["items"]!.AsArray()
            .ToDictionary(i => (string)i!["metadata"]!["name"]!, i => ((string?)i!["metadata"]!["uid"], Revision(i!)));
        Assert.All(acknowledged, a => Assert.Equal(a.Value, stored[a.Key]));
        using var created = await Create(client, "after-restart");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var afterRestart = Revision(JsonNode.Parse(await created.Content.ReadAsStringAsync())!);
        Assert.True(afterRestart > lastRevision, $"the first write after the restart got revision {afterRestart}, not above the log's {lastRevision}");

        // The write after the restart ends the replay: the watch has seen everything once it arrives.
        var replay = await WatchUntilAsync(client, beforeBurst, afterRestart);
        if (beforeBurst < compactedThrough)
        {
            var error = Assert.Single(replay);
            Assert.Equal(("ERROR", 410), ((string)error["type"]!, (int)error["object"]!["code"]!));
            return;
        }
        Assert.Equal(
            configMapRows.Where(r => r.Revision > beforeBurst).Select(r => (r.Type.ToString().ToUpperInvariant(), r.Name, r.Revision))
                .Append(("ADDED", "after-restart", afterRestart)),
            replay.Select(e => ((string)e["type"]!, (string)e["object"]!["metadata"]!["name"]!, Revision(e["object"]!))));
    }

    /// <summary>Creates one new ConfigMap after another, recording each acknowledged one, until the server dies.</summary>
    private static async Task CreateUntilKilledAsync(HttpClient http, string prefix, ConcurrentDictionary<string, (string, long)> acknowledged, CancellationToken stop)
    {
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"{prefix}-{i.ToString(CultureInfo.InvariantCulture)}";
                using var response = await Create(http, name);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var obj = JsonNode.Parse(await response.Content.ReadAsStringAsync(stop))!;
                    acknowledged[name] = ((string)obj["metadata"]!["uid"]!, Revision(obj));
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // Killed mid-request: that create is in doubt; the log, not this client, says whether it landed.
        }
    }

    /// <summary>The events of a watch from a revision up to the event at the given one, or an ERROR.</summary>
    private static async Task<List<JsonNode>> WatchUntilAsync(HttpClient http, long from, long through)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await http.GetAsync($"{ConfigMapsPath}?watch=true&resourceVersion={from}", HttpCompletionOption.ResponseHeadersRead, deadline.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));
        var events = new List<JsonNode>();
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            var e = JsonNode.Parse(line)!;
            events.Add(e);
            if ((string?)e["type"] == "ERROR" || Revision(e["object"]!) >= through)
            {
                break;
            }
        }
        return events;
    }

    private static Task<HttpResponseMessage> Create(HttpClient http, string name) =>
        http.PostAsync(ConfigMapsPath, new StringContent(
            new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = new JsonObject { ["name"] = name } }.ToJsonString(),
            Encoding.UTF8, "application/json"));

    private static long Revision(JsonNode obj) => long.Parse((string)obj["metadata"]!["resourceVersion"]!, CultureInfo.InvariantCulture);
}
