using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Http;

/// <summary>
/// What a DELETE that removed the object at once answers: the generic store's finalizeDelete returns a Status Success
/// naming it (details.kind is the resource, as upstream sets it), unless the kind's store sets ReturnDeletedObject and
/// answers with the object. A delete that only marked the object (finalizers, a grace period) answers with the object.
/// </summary>
public static class DeletedObjectStatus
{
    // The core kinds whose registry sets ReturnDeletedObject (pkg/registry/core/*/storage/storage.go).
    private static readonly HashSet<string> ReturningKinds = ["pods", "podtemplates", "services", "serviceaccounts", "persistentvolumes", "persistentvolumeclaims"];

    public static bool ReturnsDeletedObject(ResourceType type) => type.Group.Length == 0 && ReturningKinds.Contains(type.Plural);

    public static byte[] For(ResourceType type, string name, byte[] removed)
    {
        var details = new JsonObject { ["name"] = name };
        if (type.Group.Length > 0)
        {
            details["group"] = type.Group;
        }
        details["kind"] = type.Plural;
        if (JsonNode.Parse(removed)?["metadata"]?["uid"]?.GetValue<string>() is { Length: > 0 } uid)
        {
            details["uid"] = uid;
        }
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Success",
            ["details"] = details,
        };
        return JsonSerializer.SerializeToUtf8Bytes(status);
    }
}
