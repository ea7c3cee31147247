using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printCronJob</c> and its column definitions (1.32).</summary>
internal sealed class CronJobPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Schedule", "string", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        new("Timezone", "string", "The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. If not specified, this will default to the time zone of the kube-controller-manager process. The set of valid time zone names and the time zone offset is loaded from the system-wide time zone database by the API server during CronJob validation and the controller manager during execution. If no system-wide time zone database can be found a bundled version of the database is used instead. If the time zone name becomes invalid during the lifetime of a CronJob or due to a change in host configuration, the controller will stop creating new new Jobs and will create a system event with the reason UnknownTimeZone. More information can be found in https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#time-zones"),
        new("Suspend", "boolean", "This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false."),
        new("Active", "integer", "A list of pointers to currently running jobs."),
        new("Last Schedule", "string", "Information when was the last time the job was successfully scheduled."),
        TableColumn.AgeColumn(),
        new("Containers", "string", ColumnDocs.Containers, 1),
        new("Images", "string", ColumnDocs.Images, 1),
        new("Selector", "string", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var status = item.Obj("status");
        var jobSpec = spec.Obj("jobTemplate").Obj("spec");
        var containers = jobSpec.Obj("template").Obj("spec").Objects("containers").ToList();
        var timeZone = spec.Has("timeZone") ? spec.Str("timeZone") : "<none>";
        var lastSchedule = status.Time("lastScheduleTime") is { } last ? Age.Since(last, now) : "<none>";
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(spec.Str("schedule")),
            Cell.Of(timeZone),
            Cell.Of(SuspendCell(spec)),
            Cell.Of(status.Count("active")),
            Cell.Of(lastSchedule),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(string.Join(",", containers.Select(c => c.Str("name")))),
            Cell.Of(string.Join(",", containers.Select(c => c.Str("image")))),
            Cell.Of(LabelFormatter.FormatLabelSelector(jobSpec.Obj("selector"))),
        ];
    }

    // printBoolPtr: "<unset>" for nil, else Go's %v of the bool.
    private static string SuspendCell(JsonElement? spec) => spec?.OptionalBool("suspend") switch
    {
        null => "<unset>",
        true => "True",
        false => "False",
    };
}
