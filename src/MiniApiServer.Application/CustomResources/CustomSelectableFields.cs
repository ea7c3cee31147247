using System.Globalization;
using System.Text.Json;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// A custom resource's selectableFields read from its stored bytes when a field selector names them (the CRD's
/// version decides them, and may change them, so they are not indexed): strings as they are, integers and booleans as
/// Go prints them, and an absent field as "" (apiextensions-apiserver registry/customresource/strategy.go).
/// </summary>
public static class CustomSelectableFields
{
    public static IReadOnlyDictionary<string, string> Read(StoredObject obj, IReadOnlyList<string> paths)
    {
        var fields = new Dictionary<string, string>(obj.Index.Fields, StringComparer.Ordinal);
        using var document = JsonDocument.Parse(obj.Json);
        foreach (var path in paths)
        {
            fields[path] = Value(document.RootElement, path);
        }
        return fields;
    }

    private static string Value(JsonElement root, string path)
    {
        var at = root;
        foreach (var segment in path.Split('.'))
        {
            if (at.ValueKind != JsonValueKind.Object || !at.TryGetProperty(segment, out at))
            {
                return "";
            }
        }
        return at.ValueKind switch
        {
            JsonValueKind.String => at.GetString() ?? "",
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Number => at.TryGetInt64(out var n) ? n.ToString(CultureInfo.InvariantCulture) : at.GetRawText(),
            _ => "",
        };
    }
}
