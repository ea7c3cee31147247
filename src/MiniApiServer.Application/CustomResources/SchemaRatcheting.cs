using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

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
        var segments = SimpleJsonPath.Segments(cause.Field);
        if (cause.Reason == "FieldValueRequired" && segments.Length > 0)
        {
            segments = segments[..^1];
        }
        var (found, value) = SimpleJsonPath.Find(obj, segments);
        var (oldFound, oldValue) = SimpleJsonPath.Find(old, segments);
        return found && oldFound && JsonNode.DeepEquals(value, oldValue);
    }
}
