using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printValidatingAdmissionPolicy</c>: the number of validations and the param kind.</summary>
internal sealed class ValidatingAdmissionPolicyPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        new("Validations", "integer", "Validations indicates the number of validation rules defined in this configuration"),
        new("ParamKind", "string", "ParamKind specifies the kind of resources used to parameterize this policy"),
        TableColumn.AgeColumn(),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.TryGetProperty("spec", out var s) ? s : default;
        var count = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("validations", out var validations) && validations.ValueKind == JsonValueKind.Array
            ? validations.GetArrayLength()
            : 0;
        var paramKind = spec.ValueKind == JsonValueKind.Object && spec.TryGetProperty("paramKind", out var kind) && kind.ValueKind == JsonValueKind.Object
            ? $"{kind.Str("apiVersion")}/{kind.Str("kind")}"
            : "<unset>";
        return [Cell.Of(Name(item)), JsonValue.Create(count), Cell.Of(paramKind), Cell.Of(AgeOf(item, now))];
    }
}
