using System.Globalization;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>
/// The CronJob controller end to end (test/integration/cronjob/cronjob_test.go): a due schedule starts a Job named
/// after its scheduled minute, owned by the CronJob, recorded in status.active and lastScheduleTime; the finished Job
/// leaves the active list and sets lastSuccessfulTime.
/// </summary>
public sealed class CronJobControllerTests : ServerTest
{
    protected override ApiServerHost StartServer() => CronJobKit.StartServer();

    [Fact]
    public async Task DueSchedule_StartsTheJob_AndStatusFollowsIt()
    {
        var cronJob = await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("every-minute"));
        var uid = cronJob.Str("metadata", "uid")!;

        var started = await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "every-minute"),
            c => c["status"]?["lastScheduleTime"] is not null, CronJobKit.NextMinute, "first scheduled Job");

        var scheduled = DateTimeOffset.Parse(started.Str("status", "lastScheduleTime")!, CultureInfo.InvariantCulture);
        Assert.Equal(0, scheduled.Second);
        var expectedName = $"every-minute-{scheduled.ToUnixTimeSeconds() / 60}";
        var job = (await Server.Http.GetJsonAsync($"{CronJobKit.Jobs}/{expectedName}"))!;
        var owner = job["metadata"]!["ownerReferences"]!.AsArray().Single()!;
        Assert.Equal(("batch/v1", "CronJob", "every-minute", uid, true, true),
            (owner.Str("apiVersion"), owner.Str("kind"), owner.Str("name"), owner.Str("uid"), owner["controller"]!.GetValue<bool>(), owner["blockOwnerDeletion"]!.GetValue<bool>()));
        Assert.Equal(scheduled.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            job.Str("metadata", "annotations", "batch.kubernetes.io/cronjob-scheduled-timestamp"));
        Assert.Equal("every-minute", job.Str("metadata", "labels", "app"));

        // The Job finishes in about a second: it leaves the active list and its completion is the last success.
        var done = await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "every-minute"),
            c => c["status"]?["lastSuccessfulTime"] is not null, TimeSpan.FromSeconds(30), "last successful time");
        var active = done["status"]?["active"]?.AsArray() ?? new JsonArray();
        Assert.DoesNotContain(active, a => a.Str("name") == expectedName);
        // Events are written behind the controller's back (the recorder's queue), so they are polled for too.
        var events = await Eventually.Get(() => CronJobKit.EventsOfAsync(Server.Http, "every-minute"),
            e => e.Any(x => x.Reason == "SawCompletedJob"), TimeSpan.FromSeconds(10), "SawCompletedJob event");
        Assert.Contains(("SuccessfulCreate", $"Created job {expectedName}"), events);
        Assert.Contains(("SawCompletedJob", $"Saw completed job: {expectedName}, condition: Complete"), events);
    }

    [Fact]
    public async Task ActiveJob_IsListedInStatusWhileItRuns()
    {
        await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("long", podAnnotations: "{\"sim.miniapiserver.io/run-time\":\"10m\"}"));

        var running = await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "long"),
            c => c["status"]?["active"] is JsonArray { Count: > 0 }, CronJobKit.NextMinute, "active Job");

        var reference = running["status"]!["active"]!.AsArray().Single()!;
        var scheduled = DateTimeOffset.Parse(running.Str("status", "lastScheduleTime")!, CultureInfo.InvariantCulture);
        Assert.Equal(("batch/v1", "Job", "default", $"long-{scheduled.ToUnixTimeSeconds() / 60}"),
            (reference.Str("apiVersion"), reference.Str("kind"), reference.Str("namespace"), reference.Str("name")));
        Assert.NotNull(reference.Str("uid"));
    }

    [Fact]
    public async Task Suspended_StartsNothing()
    {
        var cronJob = await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("paused", extraSpec: ",\"suspend\":true"));

        // The minute boundary passes; a second CronJob created with it proves the controller did act on that minute.
        var witness = await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("witness"));
        await Eventually.Get(() => CronJobKit.CronJobAsync(Server.Http, "witness"),
            c => c["status"]?["lastScheduleTime"] is not null, CronJobKit.NextMinute, "witness scheduled");

        Assert.Empty(await CronJobKit.JobsOfAsync(Server.Http, cronJob.Str("metadata", "uid")!));
        Assert.Null((await CronJobKit.CronJobAsync(Server.Http, "paused"))["status"]?["lastScheduleTime"]);
        Assert.NotEmpty(await CronJobKit.JobsOfAsync(Server.Http, witness.Str("metadata", "uid")!));
    }
}
