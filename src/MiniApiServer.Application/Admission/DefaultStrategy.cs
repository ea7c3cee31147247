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

    public virtual JsonObject PrepareForCreate(JsonObject obj, DateTimeOffset now) => obj;

    public virtual JsonObject PrepareForUpdate(JsonObject obj, JsonObject old, bool statusOnly)
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

    public virtual void Validate(JsonObject obj, FieldErrors errors)
    {
    }

    public virtual void ValidateUpdate(JsonObject obj, JsonObject old, FieldErrors errors) => Validate(obj, errors);
}
