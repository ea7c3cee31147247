using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Http;

/// <summary>
/// The resource a request addressed and the one whose store holds its objects. They differ only for a kind with an
/// <see cref="IVersionConversion"/>: bodies are converted to the stored version on the way in and every object
/// (GET, LIST, WATCH, write results) back on the way out, as kube-apiserver's codec does per request version.
/// </summary>
public sealed class ServedResource
{
    private readonly IVersionConversion? _conversion;

    public ServedResource(ResourceRegistry registry, ResourceType served)
    {
        Served = served;
        _conversion = registry.KindOf(served).Conversion;
        Stored = _conversion is null ? served : registry.ByStorageKey(_conversion.StorageResource)
            ?? throw new InvalidOperationException($"{served.GroupResource} is stored as {_conversion.StorageResource}, which is not served");
    }

    public ResourceType Served { get; }

    public ResourceType Stored { get; }

    /// <summary>What the patch path needs to patch the served version of a stored object.</summary>
    public ServedVersion? Version => _conversion is null ? null : new ServedVersion(Served, _conversion);

    public JsonObject In(JsonObject body) => _conversion is null ? body : _conversion.ToStorage(body);

    /// <summary>A create's body as the stored version, after the served version's own create rules.</summary>
    public JsonObject InForCreate(JsonObject body)
    {
        _conversion?.ValidateCreate(body);
        return In(body);
    }

    public ListOptions In(ListOptions options) =>
        _conversion is null ? options : options with { FieldSelector = _conversion.FieldSelectorToStorage(options.FieldSelector) };

    /// <summary>An object as the served version; a Status (a delete that finished at once) passes unchanged.</summary>
    public byte[] Out(byte[] json)
    {
        if (_conversion is null)
        {
            return json;
        }
        var obj = JsonNode.Parse(json)!.AsObject();
        return obj["kind"]?.GetValue<string>() == "Status" ? json : JsonSerializer.SerializeToUtf8Bytes(_conversion.FromStorage(obj));
    }

    public IReadOnlyList<StoredObject> Out(IReadOnlyList<StoredObject> items) =>
        _conversion is null ? items : [.. items.Select(Out)];

    public StoredObject Out(StoredObject item) => _conversion is null ? item : new StoredObject
    {
        Resource = item.Resource,
        Namespace = item.Namespace,
        Name = item.Name,
        ResourceVersion = item.ResourceVersion,
        Json = Out(item.Json),
        Index = item.Index,
    };
}
