using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.UnitTests.CustomResources;

/// <summary>tableconvertor.go: Name plus the printer columns (Age when there are none), cells by column type.</summary>
public sealed class CustomResourceTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 1, 0, 0, TimeSpan.Zero);

    private static JsonElement Item(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public void NoColumns_PrintsNameAndAge()
    {
        var printer = new CustomResourcePrinter(null);

        Assert.Equal(["Name", "Age"], printer.Columns.Select(c => c.Name));
        Assert.Equal("date", printer.Columns[1].Type);
        var cells = printer.Cells(Item("""{"metadata":{"name":"a","creationTimestamp":"2026-01-01T00:00:00Z"}}"""), Now);
        Assert.Equal(["\"a\"", "\"60m\""], cells.Select(c => c!.ToJsonString()));
    }

    [Fact]
    public void Columns_FormatTheirTypes_AndMissingValuesAreNull()
    {
        var printer = new CustomResourcePrinter(JsonNode.Parse("""
            [{"name":"Str","type":"string","jsonPath":".spec.ports"},{"name":"Int","type":"integer","jsonPath":".spec.n","priority":1},
             {"name":"Num","type":"number","jsonPath":".spec.x"},{"name":"Bool","type":"boolean","jsonPath":".status.ok"},
             {"name":"First","type":"string","jsonPath":".spec.ports[0].name"},{"name":"Label","type":"string","jsonPath":".metadata.labels['app.kubernetes.io/name']"},
             {"name":"Gone","type":"string","jsonPath":".spec.missing"}]
            """)!.AsArray());

        var cells = printer.Cells(Item("""{"metadata":{"name":"a","labels":{"app.kubernetes.io/name":"web"}},"spec":{"ports":[{"name":"http"}],"n":2.0,"x":1.5},"status":{"ok":true}}"""), Now);

        Assert.Equal(1, printer.Columns[2].Priority);
        Assert.Equal(["\"a\"", "\"[{\\u0022name\\u0022:\\u0022http\\u0022}]\"", "2", "1.5", "true", "\"http\"", "\"web\"", "null"],
            cells.Select(c => c?.ToJsonString() ?? "null"));
    }
}
