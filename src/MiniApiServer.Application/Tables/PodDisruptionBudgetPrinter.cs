using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printPodDisruptionBudget</c>: an unset bound prints N/A.</summary>
internal sealed class PodDisruptionBudgetPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Min Available", "string", "The minimum number of pods that must be available."),
        new("Max Unavailable", "string", "The maximum number of pods that may be unavailable."),
        new("Allowed Disruptions", "integer", "Calculated number of pods that may be disrupted at this time."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(Bound(spec, "minAvailable")),
            Cell.Of(Bound(spec, "maxUnavailable")),
            Cell.Of(item.Obj("status").Int("disruptionsAllowed")),
            Cell.Of(AgeOf(item, now)),
        ];
    }

    /// <summary>intstr.IntOrString.String(): the number or the percentage as written.</summary>
    private static string Bound(JsonElement? spec, string field) => spec.Raw(field) ?? "N/A";
}
