using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>concurrencyPolicy Replace (cronjob_controllerv2.go syncCronJob): the running Job is deleted for the next one.</summary>
public sealed class CronJobReplaceTests : ServerTest
{
    protected override ApiServerHost StartServer() => CronJobKit.StartServer();

    [Fact]
    public async Task Replace_DeletesTheRunningJob_AndStartsTheNext()
    {
        await Server.Http.CreateAsync(CronJobKit.Collection,
            CronJobKit.CronJob("replace", extraSpec: ",\"concurrencyPolicy\":\"Replace\"", podAnnotations: "{\"sim.miniapiserver.io/run-time\":\"10m\"}"));
        var first = await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "replace"),
            c => c["status"]?["active"] is JsonArray { Count: 1 }, CronJobKit.NextMinute, "first Job active");
        var firstName = first["status"]!["active"]![0].Str("name")!;

        var second = await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "replace"),
            c => c["status"]?["active"] is JsonArray { Count: 1 } a && a[0].Str("name") != firstName, CronJobKit.NextMinute, "second Job replaces the first");

        Assert.NotEqual(firstName, second["status"]!["active"]![0].Str("name"));
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{CronJobKit.Jobs}/{firstName}") is null, TimeSpan.FromSeconds(10), "first Job deleted");
        var events = await Eventually.Get(() => CronJobKit.EventsOfAsync(Server.Http, "replace"),
            e => e.Any(x => x.Reason == "SuccessfulDelete"), TimeSpan.FromSeconds(10), "SuccessfulDelete event");
        Assert.Contains(("SuccessfulDelete", $"Deleted job {firstName}"), events);
    }
}
