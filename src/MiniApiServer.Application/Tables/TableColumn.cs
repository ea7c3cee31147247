using System.Text.Json;

namespace MiniApiServer.Application.Tables;

/// <summary>A <c>meta.k8s.io/v1</c> TableColumnDefinition; priority 1 columns are shown only with <c>-o wide</c>.</summary>
public sealed record TableColumn(string Name, string Type, string Description, int Priority = 0, string Format = "")
{
    public static TableColumn NameColumn(int priority = 0) =>
        new("Name", "string", ColumnDocs.Name, priority, "name");

    public static TableColumn AgeColumn() => new("Age", "string", ColumnDocs.CreationTimestamp);

    // Every field is serialized even when empty: upstream's TableColumnDefinition has no omitempty tags.
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", Name);
        writer.WriteString("type", Type);
        writer.WriteString("format", Format);
        writer.WriteString("description", Description);
        writer.WriteNumber("priority", Priority);
        writer.WriteEndObject();
    }
}
