using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Tables;

/// <summary>Table cells: Go strings become JSON strings, Go int64 cells become JSON integers.</summary>
internal static class Cell
{
    public static JsonNode Of(string value) => JsonValue.Create(value);

    public static JsonNode Of(long value) => JsonValue.Create(value);
}
