using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// CRDValidationRatcheting (beta and on in 1.32, pkg/apiserver/validation/ratcheting.go): an update is not refused for
/// a value it did not change, so objects stored before a schema was tightened can still have their status written and
/// their finalizers removed. Values are correlated by path, list items by index; a missing required field is
/// unchanged when its parent object is.
/// </summary>
public static class SchemaRatcheting
{
    public static bool Unchanged(JsonObject obj, JsonObject old, StatusCause cause)
    {
        var segments = CustomResourcePrinter.Segments(cause.Field);
        if (cause.Reason == "FieldValueRequired" && segments.Length > 0)
        {
            segments = segments[..^1];
        }
        var (found, value) = Find(obj, segments);
        var (oldFound, oldValue) = Find(old, segments);
        return found && oldFound && JsonNode.DeepEquals(value, oldValue);
    }

    private static (bool Found, JsonNode? Value) Find(JsonNode? node, string[] segments)
    {
        foreach (var segment in segments)
        {
            switch (node)
            {
                case JsonObject obj when obj.TryGetPropertyValue(segment, out var child):
                    node = child;
                    break;
                case JsonArray array when int.TryParse(segment, System.Globalization.CultureInfo.InvariantCulture, out var index) && index >= 0 && index < array.Count:
                    node = array[index];
                    break;
                default:
                    return (false, null);
            }
        }
        return (true, node);
    }
}
