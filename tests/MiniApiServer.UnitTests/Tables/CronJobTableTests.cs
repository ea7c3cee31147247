using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printCronJob: schedule, time zone, suspend, active count, last schedule, and the wide template columns.</summary>
public class CronJobTableTests
{
    private static JsonObject CronJob(string extraSpec, string status) => Parse($$"""
        {
          "apiVersion": "batch/v1", "kind": "CronJob",
          "metadata": { "name": "report", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(10))}}" },
          "spec": { "schedule": "*/5 * * * *"{{extraSpec}},
            "jobTemplate": { "spec": { "template": { "spec": { "containers": [ { "name": "main", "image": "busybox:1.36" } ] } } } } },
          "status": {{status}}
        }
        """);

    [Fact]
    public void ToTable_NeverScheduled_ShowsNoneAndZeroActive()
    {
        var table = Table("batch", "cronjobs", CronJob(",\"suspend\":false", "{}"));

        Assert.Equal(["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers", "Images", "Selector"], ColumnNames(table));
        Assert.Equal("""["report","*/5 * * * *","<none>","False",0,"<none>","10m","main","busybox:1.36","<none>"]""", Cells(table).Compact());
    }

    [Fact]
    public void ToTable_Scheduled_ShowsTimeZoneActiveJobsAndLastSchedule()
    {
        var status = $$"""{"active":[{"kind":"Job","name":"report-1"},{"kind":"Job","name":"report-2"}],"lastScheduleTime":"{{Ago(TimeSpan.FromSeconds(90))}}"}""";

        var table = Table("batch", "cronjobs", CronJob(",\"suspend\":true,\"timeZone\":\"Europe/Paris\"", status));

        Assert.Equal("""["report","*/5 * * * *","Europe/Paris","True",2,"90s","10m","main","busybox:1.36","<none>"]""", Cells(table).Compact());
    }

    [Fact]
    public void ToTable_SuspendUnset_IsUnset()
    {
        var table = Table("batch", "cronjobs", CronJob("", "{}"));

        Assert.Equal("<unset>", Cell(table, "Suspend")!.GetValue<string>());
    }
}
