using System.Text.Json;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Resources;

/// <summary>
/// Extracts labels, uid and the selectable fields of each kind (the fieldSelector keys upstream registers
/// per resource, e.g. pkg/registry/core/pod/strategy.go ToSelectableFields).
/// </summary>
public sealed class ResourceIndexer : IObjectIndexer
{
    private static readonly Dictionary<string, string[]> FieldPaths = new()
    {
        ["pods"] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"],
        ["events"] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        ["events.events.k8s.io"] = ["regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion", "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type"],
        ["nodes"] = ["spec.unschedulable"],
        ["namespaces"] = ["status.phase"],
        ["secrets"] = ["type"],
    };

    private static readonly HashSet<string> MetadataFields = ["metadata.name", "metadata.namespace"];

    public static IReadOnlySet<string> SelectableFields(string storageKey)
    {
        var set = new HashSet<string>(MetadataFields);
        if (FieldPaths.TryGetValue(storageKey, out var paths))
        {
            set.UnionWith(paths);
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
        if (FieldPaths.TryGetValue(resource, out var paths))
        {
            foreach (var path in paths)
            {
                var value = path == "source" ? SourceField(root) : Lookup(root, path);
                // Boolean selectable fields are strconv.FormatBool of the Go field, so absent means "false".
                fields[path] = value.Length == 0 && path is "spec.unschedulable" or "spec.hostNetwork" ? "false" : value;
            }
        }
        return new ObjectIndex(labels, fields, uid);
    }

    private static string SourceField(JsonElement root) =>
        root.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.Object ? Str(s, "component") : "";

    private static string Lookup(JsonElement element, string path)
    {
        foreach (var part in path.Split('.'))
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
