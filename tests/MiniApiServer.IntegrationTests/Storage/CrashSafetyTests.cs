using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Storage;

/// <summary>
/// kill -9 at random moments under creates, conditional updates and deletes from several clients, restarting
/// on the same file each time: every acknowledged write survives, resourceVersions keep increasing, uids stay unique.
/// </summary>
public sealed class CrashSafetyTests
{
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";
    private const int Kills = 3;
    private const int Clients = 6;

    [Fact]
    public async Task KillDashNine_UnderMixedWrites_AcknowledgedWritesSurviveEveryRestart()
    {
        var db = Path.Combine(Path.GetTempPath(), "miniapiserver-tests", Guid.NewGuid().ToString("N"), "cluster.db");
        var model = new AcknowledgedWrites();
        var random = new Random();
        long lastRestartRv = 0;
        for (var round = 0; round < Kills; round++)
        {
            using (var server = await ServerProcess.StartAsync(db))
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
                lastRestartRv = await VerifyAsync(http, model, lastRestartRv, $"after restart {round}");
                var killAfter = model.Acks + random.Next(100, 400);
                using var stop = new CancellationTokenSource();
                var writers = Enumerable.Range(0, Clients).Select(c => Task.Run(() => WriteLoop(http, model, $"r{round}-c{c}", stop.Token))).ToList();
                await Eventually.True(() => Task.FromResult(model.Acks >= killAfter), TimeSpan.FromSeconds(60), $"{killAfter} acknowledged writes");
                server.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(writers);
            }
        }
        using var final = await ServerProcess.StartAsync(db);
        using var client = new HttpClient { BaseAddress = final.BaseAddress };
        await VerifyAsync(client, model, lastRestartRv, "after the last restart");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"crash safety: {Kills} kills, {model.Acks} acknowledged writes ({model.Creates} creates, {model.Updates} updates, {model.Deletes} deletes), 0 lost"));
    }

    private static async Task<long> VerifyAsync(HttpClient http, AcknowledgedWrites model, long previousRestartRv, string when)
    {
        var list = JsonNode.Parse(await http.GetStringAsync(ConfigMaps))!;
        var stored = new Dictionary<string, (string Uid, long Rv, int Version)>();
        foreach (var item in list["items"]!.AsArray())
        {
            var meta = item!["metadata"]!;
            var version = int.Parse(item["data"]?["v"]?.GetValue<string>() ?? "-1", CultureInfo.InvariantCulture);
            stored[meta["name"]!.GetValue<string>()] = (meta["uid"]!.GetValue<string>(), long.Parse(meta["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture), version);
        }
        var problems = model.Violations(stored);
        Assert.True(problems.Count == 0, $"{when}: {problems.Count} violations: {string.Join("; ", problems.Take(10))}");
        var uids = stored.Values.Select(s => s.Uid).ToList();
        Assert.Equal(uids.Count, uids.Distinct().Count());
        var listRv = long.Parse(list["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.True(listRv >= model.MaxResourceVersion, $"{when}: list resourceVersion {listRv} below acknowledged {model.MaxResourceVersion}");
        using var probe = await http.PostAsync(ConfigMaps, Json(new JsonObject { ["metadata"] = new JsonObject { ["generateName"] = "probe-" } }));
        Assert.Equal(HttpStatusCode.Created, probe.StatusCode);
        var probeRv = long.Parse(JsonNode.Parse(await probe.Content.ReadAsStringAsync())!["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        Assert.True(probeRv > Math.Max(model.MaxResourceVersion, previousRestartRv), $"{when}: new write got resourceVersion {probeRv}, not above {model.MaxResourceVersion}");
        return probeRv;
    }

    /// <summary>Create, two conditional updates, then delete every other object; until the server dies.</summary>
    private static async Task WriteLoop(HttpClient http, AcknowledgedWrites model, string prefix, CancellationToken stop)
    {
        try
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var name = $"{prefix}-{i}";
                var entry = model.Entries.GetOrAdd(name, _ => new AcknowledgedWrites.Entry());
                var body = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["v"] = "0" } };
                using (var created = await http.PostAsync(ConfigMaps, Json(body), stop))
                {
                    Assert.Equal(HttpStatusCode.Created, created.StatusCode);
                    var meta = JsonNode.Parse(await created.Content.ReadAsStringAsync(stop))!["metadata"]!;
                    model.Acknowledge(entry, meta["uid"]!.GetValue<string>(), Rv(meta), 0);
                }
                for (var v = 1; v <= 2; v++)
                {
                    body["metadata"]!["resourceVersion"] = entry.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                    body["data"]!["v"] = v.ToString(CultureInfo.InvariantCulture);
                    using var updated = await http.PutAsync($"{ConfigMaps}/{name}", Json(body), stop);
                    Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
                    model.Acknowledge(entry, entry.Uid!, Rv(JsonNode.Parse(await updated.Content.ReadAsStringAsync(stop))!["metadata"]!), v);
                }
                if (i % 2 == 0)
                {
                    entry.DeleteSent = true;
                    using var deleted = await http.DeleteAsync($"{ConfigMaps}/{name}", stop);
                    Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
                    // A ConfigMap's delete answers with a Status (finalizeDelete), which carries no resourceVersion; a list
                    // read after it carries one at least the delete's, which a restart must not go back behind.
                    Assert.Equal("Success", JsonNode.Parse(await deleted.Content.ReadAsStringAsync(stop))!["status"]!.GetValue<string>());
                    using var after = await http.GetAsync($"{ConfigMaps}?limit=1", stop);
                    model.AcknowledgeDelete(entry, Rv(JsonNode.Parse(await after.Content.ReadAsStringAsync(stop))!["metadata"]!));
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // The server was killed mid-request: that write is in doubt, which the model allows for.
        }
    }

    private static long Rv(JsonNode meta) => long.Parse(meta["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");
}
