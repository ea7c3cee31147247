using System.Text.Json;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Resources;

/// <summary>
/// Extracts labels, uid and the selectable fields of each kind (the fieldSelector keys upstream registers
/// per resource, e.g. pkg/registry/core/pod/strategy.go ToSelectableFields).
/// </summary>
public sealed class ResourceIndexer : IObjectIndexer
{
    private static readonly Dictionary<string, IReadOnlyList<SelectableField>> Fields =
        KindCatalog.All.ToDictionary(k => k.Type.StorageKey, k => k.SelectableFields);

    // Split once: the writer indexes every stored object, and each split allocated an array and its parts.
    private static readonly Dictionary<string, string[]> PathParts = Fields.Values.SelectMany(f => f).Select(f => f.Path)
        .Distinct(StringComparer.Ordinal).ToDictionary(p => p, p => p.Split('.'), StringComparer.Ordinal);

    private static readonly HashSet<string> MetadataFields = ["metadata.name", "metadata.namespace"];

    public static IReadOnlySet<string> SelectableFields(string storageKey)
    {
        var set = new HashSet<string>(MetadataFields);
        if (Fields.TryGetValue(storageKey, out var fields))
        {
            set.UnionWith(fields.Select(f => f.Name));
        }
        return set;
    }

    public ObjectIndex Index(string resource, ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? uid = null;
        if (root.TryGetProperty("metadata", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (meta.TryGetProperty("labels", out var l) && l.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in l.EnumerateObject())
                {
                    labels[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
                }
            }
            fields["metadata.name"] = Str(meta, "name");
            fields["metadata.namespace"] = Str(meta, "namespace");
            uid = meta.TryGetProperty("uid", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        }
        if (Fields.TryGetValue(resource, out var selectable))
        {
            foreach (var field in selectable)
            {
                var value = Lookup(root, field.Path);
                fields[field.Name] = value.Length == 0 && field.Boolean ? "false" : value;
            }
        }
        return new ObjectIndex(labels, fields, uid);
    }

    private static string Lookup(JsonElement element, string path)
    {
        foreach (var part in PathParts.TryGetValue(path, out var parts) ? parts : path.Split('.'))
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
            {
                return "";
            }
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => element.GetRawText(),
        };
    }

    private static string Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
}
