using System.Collections.Frozen;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// The source-generated writer of each kind in <see cref="StoredKindsJsonContext"/>, called with a writer of our own:
/// JsonSerializer takes the generated path only for options without runtime converters or an encoder, and the stored
/// form needs the relaxed encoder (<see cref="ModelCodec.EncodeForStore"/>).
/// </summary>
internal static class StoredKindWriters
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private static readonly FrozenDictionary<Type, Action<Utf8JsonWriter, object>> Writers = Build();

    private static long s_refused;

    public static IEnumerable<Type> Types => Writers.Keys;

    /// <summary>Writes handed back to the serializer because an untyped field held a type the context does not know.</summary>
    public static long Refused => Interlocked.Read(ref s_refused);

    /// <summary>
    /// The model's JSON, or null when its type has no generated writer or an untyped field holds a value of a type the
    /// context does not know (the caller's serializer then writes it, as it did before).
    /// </summary>
    public static byte[]? TryWrite(object model) => TryWriteScratch(model, out var json) ? json.ToArray() : null;

    /// <summary>
    /// <see cref="TryWrite"/> into this thread's scratch buffer, valid until the thread's next write here: for a caller
    /// that builds its own array from the bytes (a create splicing in its managedFields set).
    /// </summary>
    public static bool TryWriteScratch(object model, out ReadOnlySpan<byte> json)
    {
        json = default;
        if (!Writers.TryGetValue(model.GetType(), out var write))
        {
            return false;
        }
        try
        {
            json = ScratchJson<EncodeScratch>.Write(WriterOptions, (write, model), static (writer, s) => s.write(writer, s.model));
            return true;
        }
        catch (NotSupportedException)
        {
            Interlocked.Increment(ref s_refused);
            return false;
        }
    }

    private static FrozenDictionary<Type, Action<Utf8JsonWriter, object>> Build()
    {
        var wrap = typeof(StoredKindWriters).GetMethod(nameof(Wrap), BindingFlags.NonPublic | BindingFlags.Static)!;
        var writers = new Dictionary<Type, Action<Utf8JsonWriter, object>>();
        foreach (var attribute in typeof(StoredKindsJsonContext).GetCustomAttributesData().Where(a => a.AttributeType == typeof(JsonSerializableAttribute)))
        {
            var type = (Type)attribute.ConstructorArguments[0].Value!;
            if (type.Namespace != "k8s.Models" || HasPlainTime(type, []))
            {
                continue;
            }
            var info = StoredKindsJsonContext.Default.GetTypeInfo(type)!;
            if (wrap.MakeGenericMethod(type).Invoke(null, [info]) is Action<Utf8JsonWriter, object> write)
            {
                writers[type] = write;
            }
        }
        return writers.ToFrozenDictionary();
    }

    /// <summary>
    /// Whether a non-nullable DateTime, DateTimeOffset or TimeSpan is reachable from the type: the generated code writes
    /// those with the built-in ISO format (seven fraction digits) instead of the options' converters, which write
    /// RFC 3339 as Kubernetes does. metav1.Condition's lastTransitionTime is one.
    /// </summary>
    private static bool HasPlainTime(Type type, HashSet<Type> seen)
    {
        if (type == typeof(DateTime) || type == typeof(DateTimeOffset) || type == typeof(TimeSpan))
        {
            return true;
        }
        if (type.IsPrimitive || type == typeof(string) || !seen.Add(type))
        {
            return false;
        }
        if (type.IsGenericType)
        {
            return Nullable.GetUnderlyingType(type) is null && type.GetGenericArguments().Any(t => HasPlainTime(t, seen));
        }
        return type.Namespace == "k8s.Models" && type.GetProperties().Any(p => HasPlainTime(p.PropertyType, seen));
    }

    private static Action<Utf8JsonWriter, object>? Wrap<T>(JsonTypeInfo<T> info) =>
        info.SerializeHandler is { } handler ? (writer, model) => handler(writer, (T)model) : null;

    private sealed class EncodeScratch;
}
