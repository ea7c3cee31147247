using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printControllerRevision</c> and <c>formatResourceName</c>.</summary>
internal sealed class ControllerRevisionPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Controller", "string", "Controller of the object"),
        new("Revision", "string", "Revision indicates the revision of the state represented by Data."),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now) =>
        [Cell.Of(Name(item)), Cell.Of(Controller(item)), Cell.Of(item.Int("revision")), Cell.Of(AgeOf(item, now))];

    private static string Controller(JsonElement item)
    {
        // metav1.GetControllerOf: the first ownerReference with controller=true.
        var owner = item.Obj("metadata").Objects("ownerReferences").FirstOrNull(o => o.Bool("controller"));
        if (owner is null)
        {
            return "<none>";
        }

        var apiVersion = owner.Str("apiVersion");
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var kind = owner.Str("kind");
        if (group.Length == 0 && kind.Length == 0)
        {
            return owner.Str("name");
        }

        var groupKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return $"{groupKind.ToLowerInvariant()}/{owner.Str("name")}";
    }
}
