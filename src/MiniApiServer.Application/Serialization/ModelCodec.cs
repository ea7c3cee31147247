using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using k8s;
using MiniApiServer.Application.Errors;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Converts between JSON and the k8s.Models wire types with the official client's serializer settings, so
/// types are checked exactly as a Go decoder would (a string where an int belongs is a 400), and fields
/// the schema does not know drop out, as kube-apiserver drops them.
/// </summary>
public static class ModelCodec
{
    public static readonly JsonSerializerOptions Options = CaptureOptions();

    // The writer serializes JsonObjects with relaxed escaping; a model serialized straight to its stored form
    // must come out byte-identical to Encode followed by that serialization.
    private static readonly JsonSerializerOptions StoreOptions = new(Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Stored objects are decoded into the models the informers keep for every object: repeated values share one string,
    // and small maps are one array each.
    // managedFields' field sets stay as the stored bytes (RawFieldsV1).
    private static readonly JsonSerializerOptions StoredOptions = WithStoredFieldsV1(WithInterning(Options));

    // A body that repeats a key never reaches this decode (JsonShape.NeedsJsonNodePath finds it): RequestBody resolves
    // the repeats as Go's decoder does and records them as strict errors. A field the model does not define stops the decode: the JsonNode path
    // warns about it (or refuses it), so the decode is the unknown-field check, where a walk of the body against the
    // schema before it cost 4.6% of a create's CPU samples under wrk.
    // Interned as stored objects are: a created model becomes the version's shared model, which the informers keep.
    private static readonly JsonSerializerOptions BodyOptions = WithInterning(new(Options)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
    });

    public static object Decode(JsonObject obj, Type type)
    {
        CodecCounts.BodyDecoded();
        // Serialized once and read from bytes: JsonNode.Deserialize would serialize it too, and the shape check on
        // the bytes leaves the nested nodes unmaterialised.
        var json = JsonShape.Utf8(obj, Options);
        JsonShape.RejectNullListItems(json);
        try
        {
            return JsonSerializer.Deserialize(json, type, Options) ?? throw ApiErrors.BadRequest("the request body decoded to null");
        }
        catch (Exception ex) when (IsDecodeFailure(ex))
        {
            var error = GoDecodeError.SerializerError(obj, type, ex);
            throw new ApiException(400, "BadRequest", GoDecodeError.Prefix(type) + error) { DecodeError = error, ConverterError = GoConverterError.Of(obj, type, ex) };
        }
    }

    public static T Decode<T>(JsonObject obj) => (T)Decode(obj, typeof(T));

    /// <summary>
    /// A JSON request body decoded straight from its bytes, or null when anything about it is unusual: a byte order
    /// mark, a duplicate key, a null list item, a type error, a field the model does not define. The caller then takes
    /// the JsonNode path, which refuses or warns about each of those with its own message, so this one never has to.
    /// </summary>
    public static object? TryDecodeBody(ReadOnlySpan<byte> json, Type type)
    {
        if (json.StartsWith(System.Text.Encoding.UTF8.Preamble))
        {
            return null;
        }
        try
        {
            if (JsonShape.NeedsJsonNodePath(json))
            {
                return null;
            }
            var model = JsonSerializer.Deserialize(json, type, BodyOptions);
            if (model is not null)
            {
                CodecCounts.BodyDecoded();
            }
            return model;
        }
        catch (Exception ex) when (ex is ApiException || IsDecodeFailure(ex))
        {
            return null;
        }
    }

    /// <summary>What JsonSerializer and the models' converters throw for a body that does not fit the model.</summary>
    private static bool IsDecodeFailure(Exception ex) =>
        ex is JsonException or FormatException or InvalidOperationException or OverflowException or ArgumentException or NotSupportedException;

    public static T Decode<T>(byte[] json) => (T)DecodeStored(json, typeof(T));

    /// <summary>An object as stored (already admitted, so it is not checked again).</summary>
    public static object DecodeStored(byte[] json, Type type) => DecodeStored(json, type, sliceFieldSets: false);

    private static object DecodeStored(byte[] json, Type type, bool sliceFieldSets)
    {
        CodecCounts.StoredDecoded();
        using var _ = StoredFieldsV1Converter.Reading(json, sliceFieldSets);
        return JsonSerializer.Deserialize(json, type, StoredOptions)!;
    }

    /// <summary>
    /// <paramref name="stored"/>'s shared read-only model (<see cref="StoredObject.SharedModel"/>), decoded by the first
    /// reader that asks. Never change it: copy it (or decode the bytes) to get a model to change.
    /// </summary>
    public static object DecodeShared(StoredObject stored, Type type)
    {
        if (stored.SharedModel is { } shared && shared.GetType() == type)
        {
            return shared;
        }
        // The shared model lives as long as the version, so its field sets can be slices of the version's own bytes.
        var model = DecodeStored(stored.Json, type, sliceFieldSets: true);
        return stored.SharedModel is null ? stored.ShareModel(model) : model;
    }

    public static T DecodeShared<T>(StoredObject stored) => (T)DecodeShared(stored, typeof(T));

    /// <summary>Equal as JSON values (property order aside), for stored forms whose bytes may differ only in order.</summary>
    public static bool SameJson(byte[] a, byte[] b)
    {
        CodecCounts.Parsed();
        CodecCounts.Parsed();
        using var x = JsonDocument.Parse(a);
        using var y = JsonDocument.Parse(b);
        return JsonElement.DeepEquals(x.RootElement, y.RootElement);
    }

    /// <summary>
    /// The stored form of <paramref name="model"/> (which must carry no resourceVersion), and the offset of the
    /// closing brace of its metadata, where the writer appends resourceVersion as it appends it to a JsonObject;
    /// -1 when there is no metadata object.
    /// </summary>
    public static byte[] EncodeForStore(object model, out int metadataEnd)
    {
        CodecCounts.Encoded(model);
        var json = StoredKindWriters.TryWrite(model) ?? JsonSerializer.SerializeToUtf8Bytes(model, model.GetType(), StoreOptions);
        metadataEnd = MetadataEnd(json);
        return json;
    }

    /// <summary>
    /// <see cref="EncodeForStore"/> without an array of its own when the kind has a generated writer: the bytes lie in
    /// this thread's scratch buffer until its next encode, for a caller that copies them into the array it stores.
    /// </summary>
    public static ReadOnlySpan<byte> EncodeForStoreScratch(object model, out int metadataEnd)
    {
        CodecCounts.Encoded(model);
        ReadOnlySpan<byte> json = StoredKindWriters.TryWriteScratch(model, out var scratch)
            ? scratch
            : JsonSerializer.SerializeToUtf8Bytes(model, model.GetType(), StoreOptions);
        metadataEnd = MetadataEnd(json);
        return json;
    }

    /// <summary>Stored forms the generated writers handed back to the serializer (an untyped field of an unknown type).</summary>
    public static long GeneratedWriterFallbacks => StoredKindWriters.Refused;

    /// <summary>The offset of the closing brace of a stored form's metadata object, where the writer stamps resourceVersion; -1 if none.</summary>
    public static int MetadataEnd(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMetadata = reader.ValueTextEquals("metadata"u8);
            reader.Read();
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            reader.Skip();
            if (isMetadata)
            {
                return isObject ? (int)reader.TokenStartIndex : -1;
            }
        }
        return -1;
    }

    /// <summary>A model's JSON (a whole object or a part of one) with the codec's options, as <see cref="Encode"/> writes it.</summary>
    public static byte[] EncodeBytes(object model)
    {
        CodecCounts.Encoded(model);
        return JsonSerializer.SerializeToUtf8Bytes(model, model.GetType(), Options);
    }

    public static JsonObject Encode(object model)
    {
        CodecCounts.Encoded(model);
        return JsonSerializer.SerializeToNode(model, model.GetType(), Options)!.AsObject();
    }

    /// <summary>
    /// Paths present (non-null) in <paramref name="input"/> that the model type does not define, found by walking
    /// the schema rather than by a typed round trip, so fieldValidation costs no extra encode on the write path.
    /// </summary>
    public static List<string> UnknownFields(JsonNode? input, Type type) =>
        input is null ? [] : JsonShape.UnknownFields(JsonShape.Utf8(input, Options), type);

    private static JsonSerializerOptions WithInterning(JsonSerializerOptions options)
    {
        var interning = new JsonSerializerOptions(options);
        interning.Converters.Add(new InterningStringConverter());
        interning.Converters.Add(new CompactMapConverter<string>());
        interning.Converters.Add(new CompactMapConverter<k8s.Models.ResourceQuantity>());
        return interning;
    }

    private static JsonSerializerOptions WithStoredFieldsV1(JsonSerializerOptions options)
    {
        var resolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        options.TypeInfoResolver = resolver.WithAddedModifier(static info =>
        {
            if (info.Type != typeof(k8s.Models.V1ManagedFieldsEntry))
            {
                return;
            }
            foreach (var property in info.Properties.Where(p => p.PropertyType == typeof(object) && p.Name == "fieldsV1"))
            {
                property.CustomConverter = StoredFieldsV1Converter.Instance;
            }
        });
        return options;
    }

    private static JsonSerializerOptions CaptureOptions()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(o => captured = o);
        var options = new JsonSerializerOptions(captured ?? throw new InvalidOperationException("KubernetesJson options unavailable"));
        // First match wins, so this check runs instead of the library's unbounded quantity parser.
        options.Converters.Insert(0, new BoundedQuantityConverter());
        options.Converters.Insert(0, new IntOrStringConverter());
        // A body may nest 512 deep (RequestBody), inside an unknown field too, which Go's decoder (10000 levels) skips
        // with a warning; the serializer's default of 64 refused such a body in its own words.
        options.MaxDepth = 1024;
        return options;
    }
}
