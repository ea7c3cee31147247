using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.UnitTests.Tables;

internal static class TestJson
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Compact JSON without the default HTML-safe escaping, so "&lt;none&gt;" stays readable in assertions.</summary>
    public static string Compact(this JsonNode? node) => node?.ToJsonString(Relaxed) ?? "null";

    // Deep enough for the converter's own limit, so a test can hand it an object nested past the defaults' 64 levels.
    private static readonly JsonDocumentOptions Deep = new() { MaxDepth = 1024 };
    private static readonly JsonSerializerOptions DeepWrite = new() { MaxDepth = 1024 };

    public static JsonObject Parse(string json) => JsonNode.Parse(json, documentOptions: Deep)!.AsObject();

    public static string Ago(TimeSpan span) => (Now - span).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    public static JsonObject Table(string group, string resource, params JsonObject[] items) =>
        ToTable(group, resource, items, "42", null, TableIncludeObject.Metadata, Now);

    /// <summary>The Table the converter writes for these items, read back as a tree.</summary>
    public static JsonObject ToTable(string group, string resource, JsonObject[] items, string? rv, string? continueToken,
        TableIncludeObject include, DateTimeOffset now, bool headers = true) =>
        JsonNode.Parse(TableConverter.ToUtf8(group, resource, [.. items.Select(i => JsonSerializer.SerializeToUtf8Bytes(i, DeepWrite))], rv, continueToken, include, now, headers),
            documentOptions: Deep)!.AsObject();

    public static JsonArray Cells(JsonObject table, int row = 0) => table["rows"]![row]!["cells"]!.AsArray();

    public static List<string> ColumnNames(JsonObject table) =>
        [.. table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>())];

    /// <summary>The cell under the named column, so tests don't depend on positions.</summary>
    public static JsonNode? Cell(JsonObject table, string column, int row = 0) =>
        Cells(table, row)[ColumnNames(table).IndexOf(column)];
}
