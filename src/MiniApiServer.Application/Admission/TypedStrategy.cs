using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Application.Admission;

/// <summary>A strategy whose rules read better on the typed model; JSON in, one decode, one encode, JSON out.</summary>
public abstract class TypedStrategy<T>(ResourceType type) : DefaultStrategy(type), ITypedCreate
    where T : class
{
    public sealed override bool DecodesModel => true;

    public sealed override JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors) =>
        ModelCodec.Encode(AdmitCreateModel(obj, now, errors));

    public Type ModelType => typeof(T);

    public object AdmitCreateModel(JsonObject obj, DateTimeOffset now, FieldErrors errors) =>
        AdmitCreateModel(ModelCodec.Decode<T>(obj), now, errors);

    public object AdmitCreateModel(object model, DateTimeOffset now, FieldErrors errors)
    {
        var typed = (T)model;
        PrepareForCreate(typed, now);
        Validate(typed, errors);
        return typed;
    }

    public sealed override JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors)
    {
        var model = ModelCodec.Decode<T>(CarryOver(obj, old, statusOnly));
        var oldModel = ModelCodec.Decode<T>(old);
        PrepareForUpdate(model, oldModel, statusOnly);
        ValidateUpdate(model, oldModel, errors);
        return ModelCodec.Encode(model);
    }

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
