using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>
/// cleanupFinishedJobs (cronjob_controllerv2.go): finished Jobs the CronJob controls beyond successfulJobsHistoryLimit
/// are deleted, oldest first. The Jobs are made as `kubectl create job --from=cronjob/...` makes them (owned by the
/// CronJob as its controller), so the test does not wait for schedule times.
/// </summary>
public sealed class CronJobHistoryTests : ServerTest
{
    protected override ApiServerHost StartServer() => CronJobKit.StartServer();

    [Fact]
    public async Task SuccessfulHistoryLimit_DeletesTheOldestFinishedJobs()
    {
        var cronJob = await Server.Http.CreateAsync(CronJobKit.Collection,
            CronJobKit.CronJob("history", "0 0 1 1 *", ",\"successfulJobsHistoryLimit\":1"));
        var uid = cronJob.Str("metadata", "uid")!;

        foreach (var name in new[] { "history-a", "history-b", "history-c" })
        {
            var owner = $$"""{"apiVersion":"batch/v1","kind":"CronJob","name":"history","uid":"{{uid}}","controller":true}""";
            await Server.Http.CreateAsync(CronJobKit.Jobs, "{\"apiVersion\":\"batch/v1\",\"kind\":\"Job\",\"metadata\":{\"name\":\"" + name + "\",\"ownerReferences\":[" + owner + "]},"
                + "\"spec\":{\"template\":{\"spec\":{\"restartPolicy\":\"Never\",\"containers\":[{\"name\":\"main\",\"image\":\"busybox:1.36\"}]}}}}");
            // One at a time, so each starts after the one before and "oldest" is unambiguous.
            await Eventually.True(async () => (await Server.Http.GetJsonAsync($"{CronJobKit.Jobs}/{name}"))?["status"]?["completionTime"] is not null,
                TimeSpan.FromSeconds(30), $"{name} complete");
        }

        var left = await Eventually.Get(() => CronJobKit.JobsOfAsync(Server.Http, uid), jobs => jobs.Count == 1, TimeSpan.FromSeconds(30), "one Job kept");

        Assert.Equal("history-c", left.Single().Str("metadata", "name"));
        var events = await Eventually.Get(() => CronJobKit.EventsOfAsync(Server.Http, "history"),
            e => e.Count(x => x.Reason == "SuccessfulDelete") >= 2, TimeSpan.FromSeconds(10), "SuccessfulDelete events");
        Assert.Contains(("SuccessfulDelete", "Deleted job history-a"), events);
        Assert.Contains(("SuccessfulDelete", "Deleted job history-b"), events);
        var status = (await CronJobKit.CronJobAsync(Server.Http, "history"))["status"];
        Assert.NotNull(status?["lastSuccessfulTime"]);
    }
}
