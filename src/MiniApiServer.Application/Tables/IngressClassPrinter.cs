using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printIngressClass</c>: the parameters as Kind[.apiGroup]/name.</summary>
internal sealed class IngressClassPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Controller", "string", "Controller that is responsible for handling this class"),
        new("Parameters", "string", "A reference to a resource with additional parameters"),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        return [Cell.Of(Name(item)), Cell.Of(spec.Str("controller")), Cell.Of(Parameters(spec.Obj("parameters"))), Cell.Of(AgeOf(item, now))];
    }

    private static string Parameters(JsonElement? parameters)
    {
        if (parameters is null)
        {
            return LabelFormatter.None;
        }
        var kind = parameters.Has("apiGroup") ? $"{parameters.Str("kind")}.{parameters.Str("apiGroup")}" : parameters.Str("kind");
        return $"{kind}/{parameters.Str("name")}";
    }
}
