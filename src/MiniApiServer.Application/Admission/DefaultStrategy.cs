using System.Reflection;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The rules every kind shares. A kind with a status subresource keeps its status on main-resource
/// writes and keeps everything but status on /status writes. Update rules of a kind belong in a
/// <see cref="TypedStrategy{T}"/>, which applies them to JSON bodies and to models alike: overriding only
/// one of the two update methods here would leave either HTTP or the controllers without them.
/// </summary>
public class DefaultStrategy : IResourceStrategy, ITypedCreate, ITypedUpdate
{
    /// <inheritdoc/>
    public virtual bool CreateValidationChecksObjectMeta => true;

    private readonly PropertyInfo? _status;
    private readonly PropertyInfo[] _specParts;

    public DefaultStrategy(ResourceType type)
    {
        Type = type;
        if (type.HasStatus)
        {
            var properties = type.ModelType.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
            _status = properties.SingleOrDefault(p => p.Name == "Status")
                ?? throw new InvalidOperationException($"{type.ModelType.Name} has a status subresource but no Status property");
            _specParts = [.. properties.Where(p => p.Name is not ("Status" or "Metadata"))];
        }
        else
        {
            _specParts = [];
        }
    }

    protected ResourceType Type { get; }

    public virtual bool Handles(ResourceType t) => t == Type;

    public virtual bool DecodesModel => false;

    public virtual JsonObject AdmitCreate(JsonObject obj, DateTimeOffset now, FieldErrors errors) => obj;

    public Type ModelType => Type.ModelType;

    public virtual object AdmitCreateModel(JsonObject obj, DateTimeOffset now, FieldErrors errors) => ModelCodec.Decode(obj, Type.ModelType);

    public virtual object AdmitCreateModel(object model, DateTimeOffset now, FieldErrors errors) => model;

    public virtual JsonObject AdmitUpdate(JsonObject obj, JsonObject old, bool statusOnly, FieldErrors errors) =>
        CarryOver(obj, old, statusOnly);

    public virtual JsonObject AdmitUpdate(JsonObject obj, JsonObject old, StoredObject stored, bool statusOnly, FieldErrors errors) =>
        AdmitUpdate(obj, old, statusOnly, errors);

    public virtual object AdmitUpdateModel(object obj, object old, bool statusOnly, FieldErrors errors) =>
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

    /// <summary>
    /// <see cref="CarryOver(JsonObject, JsonObject, bool)"/> on models. The new object stays its own instance (not
    /// old with new status, as on JSON), so PrepareForUpdate and ValidateUpdate still see two objects to compare.
    /// </summary>
    protected object CarryOver(object obj, object old, bool statusOnly)
    {
        if (_status is null)
        {
            return obj;
        }
        if (statusOnly)
        {
            foreach (var part in _specParts)
            {
                part.SetValue(obj, part.GetValue(old));
            }
            return obj;
        }
        _status.SetValue(obj, _status.GetValue(old));
        return obj;
    }
}
