using System.Text;
using System.Text.Json;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Resources;

/// <summary>
/// Extracts labels, uid and the selectable fields of each kind (the fieldSelector keys upstream registers
/// per resource, e.g. pkg/registry/core/pod/strategy.go ToSelectableFields).
/// </summary>
/// <remarks>
/// The writer indexes every stored object, so this reads the bytes once with a forward-only reader and skips every
/// subtree no selector needs (a pod's containers, a node's status) instead of building a document of the whole object.
/// </remarks>
public sealed class ResourceIndexer : IObjectIndexer
{
    private static readonly Dictionary<string, IReadOnlyList<SelectableField>> Fields =
        KindCatalog.All.ToDictionary(k => k.Type.StorageKey, k => k.SelectableFields);

    private static readonly Dictionary<string, FieldPathNode> Paths =
        Fields.ToDictionary(f => f.Key, f => FieldPathNode.Build(f.Value));

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
        // Kept for every object while it lives: compact maps, as a decoded model's (a pod has ~10 selectable fields).
        IDictionary<string, string> labels = new CompactMap<string>();
        var fields = new CompactMap<string>();
        string? uid = null;
        Fields.TryGetValue(resource, out var selectable);
        var values = new string?[selectable?.Count ?? 0];
        var paths = Paths.GetValueOrDefault(resource);
        var reader = new Utf8JsonReader(json);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isMetadata = reader.ValueTextEquals("metadata"u8);
                var child = paths?.Child(ref reader);
                reader.Read();
                if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
                {
                    uid = ReadMetadata(ref reader, json, ref labels, fields);
                }
                else if (child is not null)
                {
                    child.Read(ref reader, json, values);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        for (var i = 0; i < values.Length; i++)
        {
            var field = selectable![i];
            var value = values[i] ?? "";
            fields[field.Name] = value.Length > 0 ? value : field.Boolean ? "false" : field.Integer ? "0" : value;
        }
        fields.TrimExcess();
        (labels as CompactMap<string>)?.TrimExcess();
        return new ObjectIndex((IReadOnlyDictionary<string, string>)labels, fields, uid);
    }

    private static string? ReadMetadata(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref IDictionary<string, string> labels, CompactMap<string> fields)
    {
        string? uid = null;
        fields["metadata.name"] = "";
        fields["metadata.namespace"] = "";
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("labels"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = Utf8StringPool.GetString(ref reader);
                    reader.Read();
                    // A null value is Go's "" (a label map is map[string]string), as a decoded model has it.
                    labels[key] = reader.TokenType switch
                    {
                        JsonTokenType.String => Utf8StringPool.GetString(ref reader),
                        JsonTokenType.Null => "",
                        _ => RawText(ref reader, json),
                    };
                    if (labels.Count > CompactMapConverter<string>.MaxCompact && labels is CompactMap<string> small)
                    {
                        labels = new Dictionary<string, string>(small, StringComparer.Ordinal);
                    }
                }
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                fields["metadata.name"] = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("namespace"u8))
            {
                fields["metadata.namespace"] = ReadString(ref reader) ?? "";
            }
            else if (reader.ValueTextEquals("uid"u8))
            {
                uid = ReadString(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return uid;
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            return Utf8StringPool.GetString(ref reader);
        }
        reader.Skip();
        return null;
    }

    /// <summary>The value's text as it appears in the object (JsonElement.GetRawText), leaving the reader at its end.</summary>
    internal static string RawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }
}
