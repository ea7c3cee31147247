using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printJob</c> (1.32: Status, Completions and Duration columns).</summary>
internal sealed class JobPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Status", "string", "Status of the job."),
        new("Completions", "string", "The completion status of the job"),
        new("Duration", "string", "Time required to complete the job."),
        TableColumn.AgeColumn(),
        new("Containers", "string", ColumnDocs.Containers, 1),
        new("Images", "string", ColumnDocs.Images, 1),
        new("Selector", "string", "A label query over pods that should match the pod count. Normally, the system sets this field for you. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var status = item.Obj("status");
        var spec = item.Obj("spec");
        var containers = spec.Obj("template").Obj("spec").Objects("containers").ToList();
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(Status(item, status)),
            Cell.Of(Completions(spec, status)),
            Cell.Of(Duration(status, now)),
            Cell.Of(AgeOf(item, now)),
            Cell.Of(string.Join(",", containers.Select(c => c.Str("name")))),
            Cell.Of(string.Join(",", containers.Select(c => c.Str("image")))),
            Cell.Of(LabelFormatter.FormatLabelSelector(spec.Obj("selector"))),
        ];
    }

    private static string Completions(JsonElement? spec, JsonElement? status)
    {
        var succeeded = status.Int("succeeded");
        if (spec.Has("completions"))
        {
            return $"{succeeded}/{spec.Int("completions")}";
        }
        var parallelism = spec.Int("parallelism");
        return parallelism > 1 ? $"{succeeded}/1 of {parallelism}" : $"{succeeded}/1";
    }

    private static string Duration(JsonElement? status, DateTimeOffset now)
    {
        if (status.Time("startTime") is not { } start)
        {
            return "";
        }
        return HumanDuration.Format((status.Time("completionTime") ?? now) - start);
    }

    // The first matching condition wins, in printJob's order.
    private static string Status(JsonElement item, JsonElement? status)
    {
        var conditions = status.Objects("conditions").Where(c => c.Str("status") == "True").Select(c => c.Str("type")).ToHashSet();
        return conditions.Contains("Complete") ? "Complete"
            : conditions.Contains("Failed") ? "Failed"
            : item.Obj("metadata").Has("deletionTimestamp") ? "Terminating"
            : conditions.Contains("FailureTarget") ? "FailureTarget"
            : conditions.Contains("Suspended") ? "Suspended"
            : conditions.Contains("SuccessCriteriaMet") ? "SuccessCriteriaMet"
            : "Running";
    }
}
