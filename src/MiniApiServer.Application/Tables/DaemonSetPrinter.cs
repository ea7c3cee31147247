using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printDaemonSet</c>.</summary>
internal sealed class DaemonSetPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Desired", "integer", "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod). More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        new("Current", "integer", "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod. More info: https://kubernetes.io/docs/concepts/workloads/controllers/daemonset/"),
        new("Ready", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and ready."),
        new("Up-to-date", "integer", "The total number of nodes that are running updated daemon pod"),
        new("Available", "integer", "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)"),
        new("Node Selector", "string", "NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node's labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/"),
        TableColumn.AgeColumn(),
        PodTemplateCells.Containers,
        PodTemplateCells.Images,
        new("Selector", "string", "A label query over pods that are managed by the daemon set. Must match in order to be controlled. If empty, defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", 1),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var status = item.Obj("status");
        var spec = item.Obj("spec");
        var podSpec = spec.Obj("template").Obj("spec");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(status.Int("desiredNumberScheduled")),
            Cell.Of(status.Int("currentNumberScheduled")),
            Cell.Of(status.Int("numberReady")),
            Cell.Of(status.Int("updatedNumberScheduled")),
            Cell.Of(status.Int("numberAvailable")),
            Cell.Of(LabelFormatter.FormatLabels(podSpec.Obj("nodeSelector"))),
            Cell.Of(AgeOf(item, now)),
            .. PodTemplateCells.Cells(spec),
        ];
    }
}
