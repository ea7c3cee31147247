using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// A strategy whose rules read better on the typed model. A JSON body is decoded once and encoded once; a model
/// from an in-process writer is admitted as it is (<see cref="ITypedCreate"/>, <see cref="ITypedUpdate"/>).
/// </summary>
public abstract class TypedStrategy<T>(ResourceType type) : DefaultStrategy(type)
    where T : class
{
    public sealed override bool DecodesModel => true;

    public sealed override JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors) =>
        ModelCodec.Encode(AdmitCreateModel(obj, now, errors));

    public sealed override object AdmitCreateModel(JsonObject obj, DateTimeOffset now, FieldErrors errors) =>
        AdmitCreateModel(ModelCodec.Decode<T>(obj), now, errors);

    public sealed override object AdmitCreateModel(object model, DateTimeOffset now, FieldErrors errors)
    {
        var typed = (T)model;
        PrepareForCreate(typed, now);
        ValidateCreate(typed, errors);
        return typed;
    }

    // Carried over on JSON first, so the parts of a body the write may not change are never decoded (nor refused).
    public sealed override JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors) =>
        ModelCodec.Encode(Admit(ModelCodec.Decode<T>(CarryOver(obj, old, statusOnly)), ModelCodec.Decode<T>(old), statusOnly, errors));

    // Admission only reads the old model (as on the model path, which hands it the shared one too), and the carry-over
    // happened on JSON, so the admitted model holds no part of it.
    public sealed override JsonObject AdmitUpdate(JsonObject obj, JsonObject old, StoredObject stored, bool statusOnly, FieldErrors errors) =>
        ModelCodec.Encode(Admit(ModelCodec.Decode<T>(CarryOver(obj, old, statusOnly)), ModelCodec.DecodeShared<T>(stored), statusOnly, errors));

    public sealed override object AdmitUpdateModel(object obj, object old, bool statusOnly, FieldErrors errors) =>
        Admit((T)CarryOver(obj, old, statusOnly), (T)old, statusOnly, errors);

    private T Admit(T model, T old, bool statusOnly, FieldErrors errors)
    {
        PrepareForUpdate(model, old, statusOnly);
        if (statusOnly)
        {
            ValidateStatusUpdate(model, old, errors);
        }
        else
        {
            ValidateUpdate(model, old, errors);
        }
        return model;
    }

    protected virtual void PrepareForCreate(T obj, DateTimeOffset now)
    {
    }

    protected virtual void PrepareForUpdate(T obj, T old, bool statusOnly)
    {
    }

    /// <summary>The create's rules: <see cref="Validate"/> unless a kind has create-only ones (ValidatePodCreate).</summary>
    protected virtual void ValidateCreate(T obj, FieldErrors errors) => Validate(obj, errors);

    protected virtual void Validate(T obj, FieldErrors errors)
    {
    }

    protected virtual void ValidateUpdate(T obj, T old, FieldErrors errors) => Validate(obj, errors);

    /// <summary>A status write: the spec is the stored one again by now (<see cref="DefaultStrategy.CarryOver(object, object, bool)"/>).</summary>
    protected virtual void ValidateStatusUpdate(T obj, T old, FieldErrors errors) => ValidateUpdate(obj, old, errors);
}
