using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// The wide CONTAINERS, IMAGES and SELECTOR cells printers.go gives every workload with a pod template
/// (layoutContainerCells and the selector column).
/// </summary>
internal static class PodTemplateCells
{
    public static TableColumn Containers { get; } = new("Containers", "string", ColumnDocs.Containers, 1);

    public static TableColumn Images { get; } = new("Images", "string", ColumnDocs.Images, 1);

    public static JsonNode?[] Cells(JsonElement? spec) =>
        [.. ContainerCells(spec), Cell.Of(LabelFormatter.FormatLabelSelector(spec.Obj("selector")))];

    /// <summary>layoutContainerCells alone, for the printers without a selector column (printStatefulSet).</summary>
    public static JsonNode?[] ContainerCells(JsonElement? spec)
    {
        var containers = spec.Obj("template").Obj("spec").Objects("containers").ToList();
        return
        [
            Cell.Of(string.Join(",", containers.Select(c => c.Str("name")))),
            Cell.Of(string.Join(",", containers.Select(c => c.Str("image")))),
        ];
    }
}
