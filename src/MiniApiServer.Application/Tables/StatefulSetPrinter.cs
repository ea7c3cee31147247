using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printStatefulSet</c>: NAME READY AGE, wide CONTAINERS IMAGES (no selector column).</summary>
internal sealed class StatefulSetPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Ready", "string", "Number of the pod with ready state"),
        TableColumn.AgeColumn(),
        PodTemplateCells.Containers,
        PodTemplateCells.Images,
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var status = item.Obj("status");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of($"{status.Int("readyReplicas")}/{spec.Int("replicas")}"),
            Cell.Of(AgeOf(item, now)),
            .. PodTemplateCells.ContainerCells(spec),
        ];
    }
}
