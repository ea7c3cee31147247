using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Controllers.Events;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.IntegrationTests.Events;

/// <summary>
/// An event that storage refuses (here SQLite's own SQLITE_FULL) is dropped, and the recorder goes on: the events
/// recorded once the disk has room again reach the API. Before, the refusal ended the recorder's loop, and no
/// component recorded an event again until a restart.
/// </summary>
public sealed class EventRecorderStorageFailureTests
{
    [Fact]
    public async Task AnEventRefusedByAFullDisk_IsDropped_AndLaterEventsAreRecorded()
    {
        await using var host = ApiServerHost.Start();
        var backend = (SqliteBackend)host.Services.GetRequiredService<IStorageBackend>();
        var recorder = host.Services.GetRequiredService<EventRecorder>();
        var involved = new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = new V1ObjectMeta { Name = "subject", NamespaceProperty = "default", Uid = Guid.NewGuid().ToString() },
        };

        backend.SetMaxPageCount(1);
        recorder.Warning(involved, "TooBigForTheDisk", new string('x', 512 * 1024), "test-component");
        await Eventually.True(async () => (await host.Http.GetStringAsync("/metrics")).Split('\n').Contains("events_dropped_total{reason=\"TooBigForTheDisk\"} 1"),
            TimeSpan.FromSeconds(20), "the refused event to be counted as dropped");
        backend.SetMaxPageCount(1_000_000);
        await Eventually.True(async () => (await host.Http.GetAsync("/readyz")).IsSuccessStatusCode, TimeSpan.FromSeconds(20), "readyz after the disk has room");

        recorder.Normal(involved, "AfterTheDisk", "recorded once the disk had room", "test-component");

        await Eventually.True(async () => Reasons(await host.Http.GetStringAsync("/api/v1/namespaces/default/events")).Contains("AfterTheDisk"),
            TimeSpan.FromSeconds(20), "the event recorded after the refusal");
        Assert.DoesNotContain("TooBigForTheDisk", Reasons(await host.Http.GetStringAsync("/api/v1/namespaces/default/events")));
    }

    private static List<string> Reasons(string list) =>
        JsonNode.Parse(list)!["items"]!.AsArray().Select(i => (string)i!["reason"]!).ToList();
}
