using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printPodTemplate</c>: NAME CONTAINERS IMAGES POD LABELS, and no age.</summary>
internal sealed class PodTemplatePrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Containers", "string", ColumnDocs.Containers),
        new("Images", "string", ColumnDocs.Images),
        new("Pod Labels", "string", "The labels for the pod template."),
    ];

    // ContainerCells reads spec.template.spec; a PodTemplate's template sits at the top, so its parent is the object itself.
    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
        [Cell.Of(Name(item)), .. PodTemplateCells.ContainerCells(item), Cell.Of(LabelFormatter.FormatLabels(item.Obj("template").Obj("metadata").Obj("labels")))];
}
