using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Operations;

/// <summary>The events an audit log holds so far, read while the server still appends to it.</summary>
internal static class AuditLogFile
{
    public static async Task<List<JsonNode>> ReadAsync(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // A line still being appended is left for the next poll.
        return lines.Select(l => { try { return JsonNode.Parse(l); } catch (System.Text.Json.JsonException) { return null; } }).OfType<JsonNode>().ToList();
    }

    public static string? Ref(JsonNode e, string field) => (string?)e["objectRef"]?[field];
}
