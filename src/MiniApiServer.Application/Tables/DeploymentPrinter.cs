using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printDeployment</c>: NAME READY UP-TO-DATE AVAILABLE AGE, wide CONTAINERS IMAGES SELECTOR.</summary>
internal sealed class DeploymentPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Ready", "string", "Number of the pod with ready state"),
        new("Up-to-date", "integer", "Total number of non-terminated pods targeted by this deployment that have the desired template spec."),
        new("Available", "integer", "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment."),
        TableColumn.AgeColumn(),
        PodTemplateCells.Containers,
        PodTemplateCells.Images,
        new("Selector", "string", "Label selector for pods. Existing ReplicaSets whose pods are selected by this will be the ones affected by this deployment.", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var status = item.Obj("status");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(string.Create(CultureInfo.InvariantCulture, $"{status.Int("readyReplicas")}/{spec.Int("replicas")}")),
            Cell.Of(status.Int("updatedReplicas")),
            Cell.Of(status.Int("availableReplicas")),
            Cell.Of(AgeOf(item, now)),
            .. PodTemplateCells.Cells(spec),
        ];
    }
}
