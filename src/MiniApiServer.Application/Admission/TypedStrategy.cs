using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>A strategy whose rules read better on the typed model; JSON in, JSON out.</summary>
public abstract class TypedStrategy<T>(ResourceType type) : DefaultStrategy(type)
    where T : class
{
    public sealed override JsonObject PrepareForCreate(JsonObject obj, DateTimeOffset now)
    {
        var model = ModelCodec.Decode<T>(obj);
        PrepareForCreate(model, now);
        return ModelCodec.Encode(model);
    }

    public sealed override JsonObject PrepareForUpdate(JsonObject obj, JsonObject old, bool statusOnly)
    {
        var merged = base.PrepareForUpdate(obj, old, statusOnly);
        var model = ModelCodec.Decode<T>(merged);
        PrepareForUpdate(model, ModelCodec.Decode<T>(old), statusOnly);
        return ModelCodec.Encode(model);
    }

    public sealed override void Validate(JsonObject obj, FieldErrors errors) => Validate(ModelCodec.Decode<T>(obj), errors);

    public sealed override void ValidateUpdate(JsonObject obj, JsonObject old, FieldErrors errors) =>
        ValidateUpdate(ModelCodec.Decode<T>(obj), ModelCodec.Decode<T>(old), errors);

    protected virtual void PrepareForCreate(T obj, DateTimeOffset now)
    {
    }

    protected virtual void PrepareForUpdate(T obj, T old, bool statusOnly)
    {
    }

    protected virtual void Validate(T obj, FieldErrors errors)
    {
    }

    protected virtual void ValidateUpdate(T obj, T old, FieldErrors errors) => Validate(obj, errors);
}
