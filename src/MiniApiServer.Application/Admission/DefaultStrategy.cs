using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The rules every kind shares. A kind with a status subresource keeps its status on main-resource
/// writes and keeps everything but status on /status writes.
/// </summary>
public class DefaultStrategy(ResourceType type) : IResourceStrategy
{
    protected ResourceType Type { get; } = type;

    public virtual bool Handles(ResourceType t) => t == Type;

    public virtual bool DecodesModel => false;

    public virtual JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors) => obj;

    public virtual JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors) =>
        CarryOver(obj, old, statusOnly);

    protected JsonObject CarryOver(JsonObject obj, JsonObject old, bool statusOnly)
    {
        if (!Type.HasStatus)
        {
            return obj;
        }
        if (statusOnly)
        {
            var result = old.DeepClone().AsObject();
            result["status"] = obj["status"]?.DeepClone();
            result["metadata"] = obj["metadata"]?.DeepClone();
            return result;
        }
        obj["status"] = old["status"]?.DeepClone();
        return obj;
    }
}
