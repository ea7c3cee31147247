using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.CustomResources;

namespace MiniApiServer.Application.Tables;

/// <summary>
/// apiextensions-apiserver pkg/registry/customresource/tableconvertor: Name, then the version's
/// additionalPrinterColumns (Age from metadata.creationTimestamp when it has none). A column's simple JSONPath
/// reads one value; "date" cells are ages, "string" cells the value as JSONPath prints it, others the JSON value.
/// </summary>
internal sealed class CustomResourcePrinter : RowPrinter
{
    private readonly (TableColumn Column, string[] Path)[] _columns;

    public CustomResourcePrinter(JsonArray? additionalPrinterColumns)
    {
        var columns = additionalPrinterColumns is { Count: > 0 }
            ? additionalPrinterColumns.OfType<JsonObject>().Select(c => (
                new TableColumn(Str(c, "name"), Str(c, "type"), Str(c, "description"), (int)(c["priority"]?.GetValue<long>() ?? 0), Str(c, "format")),
                SimpleJsonPath.Segments(Str(c, "jsonPath"))))
            : [(new TableColumn("Age", "date", ColumnDocs.CreationTimestamp), SimpleJsonPath.Segments(".metadata.creationTimestamp"))];
        _columns = [.. columns];
        Columns = [TableColumn.NameColumn(), .. _columns.Select(c => c.Column)];
    }

    public override IReadOnlyList<TableColumn> Columns { get; }

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var cells = new JsonNode?[_columns.Length + 1];
        cells[0] = Cell.Of(Name(item));
        for (var i = 0; i < _columns.Length; i++)
        {
            var (column, path) = _columns[i];
            cells[i + 1] = Find(item, path) is { ValueKind: not JsonValueKind.Null } value ? CellOf(column.Type, value, now) : null;
        }
        return cells;
    }

    private static JsonNode? CellOf(string type, JsonElement value, DateTimeOffset now) => type switch
    {
        "date" => value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? Cell.Of(Age.Since(t, now))
            : null,
        "string" => Cell.Of(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()),
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? Cell.Of(n)
            : value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && Math.Floor(d) == d ? Cell.Of((long)d) : null,
        "number" => value.ValueKind == JsonValueKind.Number ? JsonNode.Parse(value.GetRawText()) : null,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? JsonValue.Create(value.GetBoolean()) : null,
        _ => null,
    };

    private static JsonElement? Find(JsonElement item, string[] path)
    {
        JsonElement? current = item;
        foreach (var segment in path)
        {
            if (current is not { } node)
            {
                return null;
            }
            current = int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                ? node.ValueKind == JsonValueKind.Array && index < node.GetArrayLength() ? node[index] : null
                : node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child) ? child : null;
        }
        return current;
    }

    private static string Str(JsonObject obj, string name) => Objects.ObjectMeta.Str(obj, name) ?? "";
}
