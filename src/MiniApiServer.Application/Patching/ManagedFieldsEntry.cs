using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>One metadata.managedFields entry with its FieldsV1 decoded.</summary>
internal sealed record ManagedFieldsEntry(string Manager, string Operation, string? ApiVersion, string? Time, string? Subresource, FieldSet Fields)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public static List<ManagedFieldsEntry> Parse(JsonNode? managedFields) =>
        managedFields is JsonArray entries
            ? entries.OfType<JsonObject>()
                .Select(e => new ManagedFieldsEntry(
                    Text(e, "manager") ?? "",
                    Text(e, "operation") ?? Update,
                    Text(e, "apiVersion"),
                    Text(e, "time"),
                    Text(e, "subresource"),
                    FieldSet.FromFieldsV1(e["fieldsV1"])))
                .ToList()
            : [];

    /// <summary><see cref="Is"/> read from an entry's JSON, without decoding its fields.</summary>
    public static bool IsEntryOf(JsonObject entry, string manager, string operation, string? apiVersion, string? subresource) =>
        new ManagedFieldsEntry(Text(entry, "manager") ?? "", Text(entry, "operation") ?? Update, Text(entry, "apiVersion"), null,
            Text(entry, "subresource"), new FieldSet()).Is(manager, operation, apiVersion, subresource);

    public static string FormatTime(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Upstream BuildManagerIdentifier: appliers are identified without their apiVersion.</summary>
    public bool Is(string manager, string operation, string? apiVersion, string? subresource = null) =>
        Manager == manager && Operation == operation && Subresource == subresource && (operation == Apply || ApiVersion == apiVersion);

    /// <summary>Upstream printManager, as used in conflict messages.</summary>
    public string Describe()
    {
        var text = $"\"{Manager}\"";
        if (Subresource is not null)
        {
            text += $" with subresource \"{Subresource}\"";
        }

        return Operation == Update ? $"{text} using {ApiVersion}" : text;
    }

    public JsonObject ToJson()
    {
        // A manager named by an empty User-Agent is recorded, and omitted from JSON as Go's omitempty does.
        var json = new JsonObject();
        if (Manager.Length > 0)
        {
            json["manager"] = Manager;
        }
        json["operation"] = Operation;
        if (ApiVersion is not null)
        {
            json["apiVersion"] = ApiVersion;
        }

        if (Time is not null)
        {
            json["time"] = Time;
        }

        json["fieldsType"] = "FieldsV1";
        json["fieldsV1"] = Fields.ToFieldsV1();
        if (Subresource is not null)
        {
            json["subresource"] = Subresource;
        }

        return json;
    }

    private static string? Text(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;
}
