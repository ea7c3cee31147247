using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>
/// SetDefaults_CronJob and ValidateCronJobCreate/Update (pkg/apis/batch/v1/defaults.go, pkg/apis/batch/validation/
/// validation.go) over HTTP: the 422 Status a client sees, with upstream's field paths and robfig/cron's messages.
/// </summary>
public sealed class CronJobValidationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Code, string Message)> PostAsync(string manifest)
    {
        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronJobKit.Collection, manifest);
        return (code, body.Str("message") ?? "");
    }

    [Fact]
    public async Task Create_AppliesUpstreamDefaults()
    {
        var created = await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("defaults", "0 3 * * *"));

        var spec = created["spec"]!;
        Assert.Equal("Allow", spec.Str("concurrencyPolicy"));
        Assert.False(spec["suspend"]!.GetValue<bool>());
        Assert.Equal(3, spec["successfulJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(1, spec["failedJobsHistoryLimit"]!.GetValue<int>());
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<int>());
        // The template's pod spec gets the pod defaults; the job spec's own fields stay unset, as upstream's defaulter leaves them.
        Assert.Equal("ClusterFirst", spec["jobTemplate"].Str("spec", "template", "spec", "dnsPolicy"));
        Assert.Null(spec["jobTemplate"]!["spec"]!["backoffLimit"]);
    }

    [Theory]
    [InlineData("bad", "not a cron", "", "spec.schedule: Invalid value: \"not a cron\": expected exactly 5 fields, found 3: [not a cron]")]
    [InlineData("range", "61 * * * *", "", "spec.schedule: Invalid value: \"61 * * * *\": end of range (61) above maximum (59): 61")]
    [InlineData("names", "0 0 * * FUNDAY", "", "spec.schedule: Invalid value: \"0 0 * * FUNDAY\": failed to parse int from FUNDAY: strconv.Atoi: parsing \"FUNDAY\": invalid syntax")]
    [InlineData("tz", "CRON_TZ=UTC * * * * *", "", "spec.schedule: Invalid value: \"CRON_TZ=UTC * * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead")]
    [InlineData("zone", "@daily", ",\"timeZone\":\"Europe/Pariss\"", "spec.timeZone: Invalid value: \"Europe/Pariss\": unknown time zone Europe/Pariss")]
    [InlineData("zone-case", "@daily", ",\"timeZone\":\"utc\"", "spec.timeZone: Invalid value: \"utc\": unknown time zone utc")]
    [InlineData("every", "@every 100000000h", "", "spec.schedule: Invalid value: \"@every 100000000h\": failed to parse duration @every 100000000h: time: invalid duration \"100000000h\"")]
    [InlineData("local", "@daily", ",\"timeZone\":\"Local\"", "spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
    [InlineData("policy", "@daily", ",\"concurrencyPolicy\":\"Sometimes\"", "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"")]
    [InlineData("limits", "@daily", ",\"successfulJobsHistoryLimit\":-1", "spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0")]
    public async Task InvalidSpec_Is422_WithUpstreamsMessage(string name, string schedule, string extraSpec, string cause)
    {
        var (code, message) = await PostAsync(CronJobKit.CronJob(name, schedule, extraSpec));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal($"CronJob.batch \"{name}\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task ValidTimeZone_IsAccepted()
    {
        var created = await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("paris", "0 9 * * *", ",\"timeZone\":\"Europe/Paris\""));

        Assert.Equal("Europe/Paris", created["spec"].Str("timeZone"));
    }

    [Fact]
    public async Task NameLongerThan52_Is422()
    {
        var name = new string('a', 53);

        var (code, message) = await PostAsync(CronJobKit.CronJob(name, "@daily"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal($"CronJob.batch \"{name}\" is invalid: metadata.name: Invalid value: \"{name}\": must be no more than 52 characters", message);
    }

    [Fact]
    public async Task JobTemplate_IsCheckedWithTheJobRules_UnderItsOwnPath()
    {
        var manifest = CronJobKit.CronJob("tmpl", "@hourly").Replace("\"restartPolicy\":\"OnFailure\"", "\"restartPolicy\":\"Always\"", StringComparison.Ordinal)
            .Replace("\"spec\":{\"template\"", "\"spec\":{\"parallelism\":-1,\"template\"", StringComparison.Ordinal);

        var (code, message) = await PostAsync(manifest);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("CronJob.batch \"tmpl\" is invalid: [spec.jobTemplate.spec.parallelism: Invalid value: -1: must be greater than or equal to 0, "
            + "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"]", message);
    }

    [Fact]
    public async Task Update_ChecksTheScheduleToo_AndBumpsGenerationOnSpecChange()
    {
        await Server.Http.CreateAsync(CronJobKit.Collection, CronJobKit.CronJob("upd", "@daily"));

        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{CronJobKit.Collection}/upd", "{\"spec\":{\"schedule\":\"@sometimes\"}}", "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Equal("CronJob.batch \"upd\" is invalid: spec.schedule: Invalid value: \"@sometimes\": unrecognized descriptor: @sometimes", body.Str("message"));

        var patched = await Server.Http.MergePatchAsync($"{CronJobKit.Collection}/upd", "{\"spec\":{\"schedule\":\"@weekly\"}}");
        Assert.Equal(2, patched["metadata"]!["generation"]!.GetValue<int>());
    }
}
