using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// Mirrors printers.go <c>printCSIDriver</c>: the defaults for unset flags (attach required, the rest false), the token
/// requests' audiences or &lt;unset&gt;, and the lifecycle modes or &lt;none&gt;.
/// </summary>
internal sealed class CSIDriverPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("AttachRequired", "boolean", CsiColumnDocs.AttachRequired),
        new("PodInfoOnMount", "boolean", CsiColumnDocs.PodInfoOnMount),
        new("StorageCapacity", "boolean", CsiColumnDocs.StorageCapacity),
        new("TokenRequests", "string", CsiColumnDocs.TokenRequests),
        new("RequiresRepublish", "boolean", CsiColumnDocs.RequiresRepublish),
        new("Modes", "string", CsiColumnDocs.VolumeLifecycleModes),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var audiences = spec.Objects("tokenRequests").Select(t => t.Str("audience")).ToList();
        var modes = string.Join(",", spec.Strings("volumeLifecycleModes"));
        return
        [
            Cell.Of(Name(item)),
            JsonValue.Create(spec?.OptionalBool("attachRequired") ?? true),
            JsonValue.Create(spec.Bool("podInfoOnMount")),
            JsonValue.Create(spec.Bool("storageCapacity")),
            Cell.Of(audiences.Count > 0 ? string.Join(",", audiences) : "<unset>"),
            JsonValue.Create(spec.Bool("requiresRepublish")),
            Cell.Of(modes.Length > 0 ? modes : "<none>"),
            Cell.Of(AgeOf(item, now)),
        ];
    }
}
