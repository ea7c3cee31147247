using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>kubectl against CronJobs as a user types it: create, get (printers.go printCronJob columns), and a manual run.</summary>
public sealed class CronJobKubectlTests : ServerTest
{
    protected override ApiServerHost StartServer() => CronJobKit.StartServer();

    [KubectlFact]
    public async Task CreateCronJob_GetShowsUpstreamsColumns()
    {
        Assert.Equal("cronjob.batch/hello created\n", await Kubectl.OkAsync("create", "cronjob", "hello", "--image=busybox", "--schedule=0 3 1 1 *"));

        var get = await Kubectl.OkAsync("get", "cronjobs");
        Assert.Matches(@"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\n", get);
        // Once a year, so no schedule falls due between the create and the gets.
        Assert.Matches(@"(?m)^hello\s+0 3 1 1 \*\s+<none>\s+False\s+0\s+<none>\s+\d+s$", get);
        var wide = await Kubectl.OkAsync("get", "cj", "hello", "-o", "wide");
        Assert.Matches(@"^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n", wide);
        Assert.Matches(@"(?m)^hello\s+0 3 1 1 \*\s+<none>\s+False\s+0\s+<none>\s+\d+s\s+hello\s+busybox\s+<none>$", wide);
        Assert.Contains("cronjob.batch/hello", await Kubectl.OkAsync("get", "all"), StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task BadSchedule_IsRefusedWithUpstreamsMessage()
    {
        var (code, _, stderr) = await Kubectl.RunAsync("create", "cronjob", "bad", "--image=busybox", "--schedule=61 * * * *");

        Assert.NotEqual(0, code);
        // kubectl create cronjob prints the server's Status message after its own prefix.
        Assert.Equal("error: failed to create cronjob: CronJob.batch \"bad\" is invalid: spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61\n", stderr);
    }

    [KubectlFact]
    public async Task CreateJobFromCronJob_MakesAJobOwnedByIt()
    {
        await Kubectl.OkAsync("create", "cronjob", "nightly", "--image=busybox:1.36", "--schedule=0 3 * * *", "--", "echo", "hi");

        Assert.Equal("job.batch/manual created\n", await Kubectl.OkAsync("create", "job", "manual", "--from=cronjob/nightly"));

        var owner = await Kubectl.OkAsync("get", "job", "manual", "-o", "jsonpath={.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name}/{.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}");
        Assert.Equal("CronJob/nightly/manual", owner);
        Assert.Equal("job.batch/manual condition met\n", await Kubectl.OkAsync("wait", "--for=condition=complete", "job/manual", "--timeout=60s"));
    }
}
