using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// The simple JSON paths a CRD names (printer columns, scale paths) and the field paths of validation errors
/// ("spec.items[0].name"): parsed into segments, and followed through a node tree (list items by index).
/// </summary>
public static class SimpleJsonPath
{
    /// <summary>".spec.replicas", ".status.conditions[0].type", ".metadata.labels['app.kubernetes.io/name']": the simple paths CRD validation allows.</summary>
    public static string[] Segments(string jsonPath)
    {
        var segments = new List<string>();
        var i = 0;
        var path = jsonPath.Trim().TrimStart('{').TrimEnd('}');
        while (i < path.Length)
        {
            switch (path[i])
            {
                case '.':
                    i++;
                    break;
                case '[':
                    var end = path.IndexOf(']', i);
                    if (end < 0)
                    {
                        return [.. segments, path[(i + 1)..]];
                    }
                    segments.Add(path[(i + 1)..end].Trim('\'', '"'));
                    i = end + 1;
                    break;
                default:
                    var stop = path.IndexOfAny(['.', '['], i);
                    stop = stop < 0 ? path.Length : stop;
                    segments.Add(path[i..stop]);
                    i = stop;
                    break;
            }
        }
        return [.. segments];
    }

    /// <summary>The node at <paramref name="segments"/>, and whether the path exists at all (a present null is found).</summary>
    public static (bool Found, JsonNode? Value) Find(JsonNode? node, string[] segments)
    {
        foreach (var segment in segments)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(segment, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return (false, null);
            }
        }
        return (true, node);
    }
}
