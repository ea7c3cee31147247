using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// A null value in a map of strings (labels, annotations, a ConfigMap's data, a nodeSelector) becomes "", as Go's
/// decode of a map[string]string stores the element's zero value for JSON null (encoding/json, which sigs.k8s.io/json
/// forks), so kube-apiserver stores and selects "k":"". The typed decode does the same (CompactMapConverter).
/// A map of bytes (a Secret's data, a ConfigMap's binaryData) too: Go decodes null to a nil []byte, which the
/// generated protobuf marshaller writes as an entry without a value and its unmarshaller reads back as []byte{}, so
/// what kube-apiserver returns from etcd is "k":"".
/// </summary>
internal static class StringMapNulls
{
    public static void ToEmpty(JsonNode? node, Type? type)
    {
        if (type is null)
        {
            return;
        }
        switch (node)
        {
            case JsonObject obj when ModelSchema.IsMap(type):
                var valueType = ModelSchema.Child(type, "");
                if (valueType == typeof(string) || valueType == typeof(byte[]))
                {
                    foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                    {
                        obj[key] = "";
                    }
                    return;
                }
                foreach (var (_, value) in obj)
                {
                    ToEmpty(value, valueType);
                }
                break;
            case JsonObject obj when ModelSchema.HasFields(type):
                foreach (var (name, value) in obj)
                {
                    ToEmpty(value, ModelSchema.Child(type, name));
                }
                break;
            case JsonArray list:
                var itemType = ModelSchema.Element(type);
                foreach (var item in list)
                {
                    ToEmpty(item, itemType);
                }
                break;
        }
    }
}
