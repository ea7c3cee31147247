using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>concurrencyPolicy Forbid (cronjob_controllerv2.go syncCronJob): no second Job while one is active.</summary>
public sealed class CronJobForbidTests : ServerTest
{
    protected override ApiServerHost StartServer() => CronJobKit.StartServer();

    [Fact]
    public async Task Forbid_DoesNotStartASecondJob_WhileTheFirstRuns()
    {
        var cronJob = await Server.Http.CreateAsync(CronJobKit.Collection,
            CronJobKit.CronJob("forbid", extraSpec: ",\"concurrencyPolicy\":\"Forbid\"", podAnnotations: "{\"sim.miniapiserver.io/run-time\":\"10m\"}"));
        var uid = cronJob.Str("metadata", "uid")!;
        await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "forbid"),
            c => c["status"]?["active"] is JsonArray { Count: 1 }, CronJobKit.NextMinute, "first Job active");

        // At the next minute the controller says why it started nothing.
        await Eventually.Get(() => CronJobKit.EventsOfAsync(Server.Http, "forbid"),
            e => e.Any(x => x.Reason == "JobAlreadyActive"), CronJobKit.NextMinute, "JobAlreadyActive event");

        var events = await CronJobKit.EventsOfAsync(Server.Http, "forbid");
        Assert.Contains(("JobAlreadyActive", "Not starting job because prior execution is running and concurrency policy is Forbid"), events);
        Assert.Single(await CronJobKit.JobsOfAsync(Server.Http, uid));
        Assert.Single((await CronJobKit.CronJobAsync(Server.Http, "forbid"))["status"]!["active"]!.AsArray());
    }
}
