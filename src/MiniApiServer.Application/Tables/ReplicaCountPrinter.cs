using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// printReplicaSet and printReplicationController (printers.go): NAME DESIRED CURRENT READY AGE, wide CONTAINERS
/// IMAGES SELECTOR. The two differ in their column descriptions (each type's SwaggerDoc) and in the selector's form.
/// </summary>
internal abstract class ReplicaCountPrinter(string desired, string current, string ready, string selector) : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Desired", "integer", desired),
        new("Current", "integer", current),
        new("Ready", "integer", ready),
        TableColumn.AgeColumn(),
        PodTemplateCells.Containers,
        PodTemplateCells.Images,
        new("Selector", "string", selector, 1),
    ];

    /// <summary>The wide SELECTOR cell.</summary>
    protected abstract string Selector(JsonElement? spec);

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var status = item.Obj("status");
        return
        [
            Cell.Of(Name(item)),
            Cell.Of(spec.Int("replicas")),
            Cell.Of(status.Int("replicas")),
            Cell.Of(status.Int("readyReplicas")),
            Cell.Of(AgeOf(item, now)),
            .. PodTemplateCells.ContainerCells(spec),
            Cell.Of(Selector(spec)),
        ];
    }
}
