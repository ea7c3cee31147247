using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>One server for the whole corpus, seeded with the objects the cases aim at.</summary>
public sealed class HostileServerFixture : IAsyncLifetime
{
    public ApiServerHost Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = ApiServerHost.Start();
        await Create(HostileCorpus.ConfigMaps, """{"metadata":{"name":"target","labels":{"app":"t"},"finalizers":["example.com/keep"]},"data":{"a":"1"}}""");
        await Create(HostileCorpus.DaemonSets, """
            {"metadata":{"name":"target"},"spec":{"selector":{"matchLabels":{"app":"t"}},
             "template":{"metadata":{"labels":{"app":"t"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}
            """);
        // The DaemonSet controller writes status after the create (twice when its first pass runs before the
        // revision is observed); wait for the status of this generation, then for the store to be quiet.
        await Eventually.True(async () =>
        {
            var ds = JsonNode.Parse(await Server.Http.GetStringAsync($"{HostileCorpus.DaemonSets}/target"))!;
            return (long?)ds["status"]?["observedGeneration"] == (long?)ds["metadata"]!["generation"];
        }, TimeSpan.FromSeconds(20), "DaemonSet status observed");
        await WaitQuietAsync(withEvents: true);
    }

    /// <summary>
    /// Waits until the snapshot has not changed for a second: controllers (GC, DaemonSet) have finished reacting.
    /// Two equal snapshots 50 ms apart were not enough on a loaded machine.
    /// </summary>
    public async Task<string> WaitQuietAsync(bool withEvents)
    {
        var last = "";
        var since = DateTime.UtcNow;
        await Eventually.True(async () =>
        {
            var now = await SnapshotAsync(withEvents);
            if (now != last)
            {
                last = now;
                since = DateTime.UtcNow;
            }
            return DateTime.UtcNow - since >= TimeSpan.FromSeconds(1);
        }, TimeSpan.FromSeconds(20), "store quiet");
        return last;
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A LIST of every served resource, in every namespace, as one string.</summary>
    public async Task<string> SnapshotAsync(bool withEvents = true)
    {
        var registry = (ResourceRegistry)Server.Services.GetService(typeof(ResourceRegistry))!;
        var sb = new StringBuilder();
        // Leader-election Leases renew every 2 s on their own, as kube-system's do upstream; no hostile case touches them.
        foreach (var type in registry.Types.Where(t => (withEvents || t.Kind != "Event") && t.Kind != "Lease"))
        {
            var list = JsonNode.Parse(await Server.Http.GetStringAsync($"{type.BasePath}/{type.Plural}"))!;
            foreach (var item in list["items"]!.AsArray())
            {
                sb.Append(item!.ToJsonString()).Append('\n');
            }
        }
        return sb.ToString();
    }

    private async Task Create(string path, string json)
    {
        var resp = await Server.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
    }
}
