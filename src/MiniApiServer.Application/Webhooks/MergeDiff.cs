using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// The JSON merge patch (RFC 7386) that turns one object into another: changed keys with their new values, nested
/// objects as their own diffs, removed keys as null, lists whole. How a webhook's change to the object it was shown is
/// carried onto the body the write admits.
/// </summary>
public static class MergeDiff
{
    public static JsonObject Between(JsonObject before, JsonObject after)
    {
        var diff = new JsonObject();
        foreach (var (key, value) in after)
        {
            if (!before.TryGetPropertyValue(key, out var old))
            {
                diff[key] = value?.DeepClone();
            }
            else if (old is JsonObject oldObject && value is JsonObject newObject)
            {
                var nested = Between(oldObject, newObject);
                if (nested.Count > 0)
                {
                    diff[key] = nested;
                }
            }
            else if (!JsonNode.DeepEquals(old, value))
            {
                // A null the webhook set reads as a removal in a merge patch, as it does when the object is decoded.
                diff[key] = value?.DeepClone();
            }
        }
        foreach (var (key, _) in before)
        {
            if (!after.ContainsKey(key))
            {
                diff[key] = null;
            }
        }
        return diff;
    }
}
