using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization.Protobuf;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// The generated field table against an independent source (the official C# client's models, generated from the
/// OpenAPI document), and every served kind through encode and decode.
/// </summary>
public sealed class ProtobufCodecTests
{
    private static readonly HashSet<string> Special =
        [ProtoSchema.Time, ProtoSchema.MicroTime, ProtoSchema.Duration, ProtoSchema.Quantity, ProtoSchema.IntOrString, ProtoSchema.RawExtension, ProtoSchema.FieldsV1, ProtoSchema.Verbs];

    // apiextensions' CRDs are served as JSON and YAML only (their generated.proto is not in the table).
    public static TheoryData<string> Kinds() => [.. KindCatalog.All.Where(k => k.WireFormats.HasFlag(WireFormats.Protobuf)).Select(k => k.Type.StorageKey)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryFieldName_IsAJsonPropertyOfTheClientModel(string storageKey)
    {
        var kind = KindCatalog.All.Single(k => k.Type.StorageKey == storageKey);
        var mismatches = new List<string>();
        Walk(ProtoSchema.MessageFor(kind.Type.GroupVersion, kind.Type.Kind)!, kind.Type.ModelType, [], mismatches);
        Assert.Empty(mismatches);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryKind_RoundTripsFieldForField(string storageKey)
    {
        var kind = KindCatalog.All.Single(k => k.Type.StorageKey == storageKey);
        var sample = Sample(ProtoSchema.MessageFor(kind.Type.GroupVersion, kind.Type.Kind)!, 0);
        sample["apiVersion"] = kind.Type.GroupVersion;
        sample["kind"] = kind.Type.Kind;
        var envelope = KubernetesProtobuf.Encode(sample)!;
        Assert.True(JsonNode.DeepEquals(sample, KubernetesProtobuf.Decode(envelope)), $"{storageKey} changed in the round trip");
    }

    [Fact]
    public void DecodedEmptyStringsAndZeroTimes_AreAbsent()
    {
        var w = new ProtoWriter();
        var meta = new ProtoWriter();
        meta.String(1, "demo");
        meta.String(2, "");
        meta.Bytes(8, []);
        w.Bytes(1, meta.WrittenSpan);
        var obj = ProtoDecoder.Decode("k8s.io.api.core.v1.ConfigMap", w.WrittenSpan);
        Assert.Equal("""{"metadata":{"name":"demo"}}""", obj.ToJsonString());
    }

    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1_500_000L, "1.5ms")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_723_500_000_000L, "1h2m3.5s")]
    public void Durations_AreGoStrings(long nanos, string text)
    {
        Assert.Equal(text, KubeTimes.FormatDuration(nanos));
        Assert.Equal(nanos, KubeTimes.ParseDuration(text));
    }

    private static JsonObject Sample(string message, int depth)
    {
        var obj = new JsonObject();
        foreach (var field in ProtoSchema.Fields(message)!.Values)
        {
            var value = SampleValue(field.ElementType, field.Name, depth);
            if (value is null)
            {
                continue;
            }
            if (field.Inline)
            {
                foreach (var (name, inner) in value.AsObject().ToList())
                {
                    obj[name] = inner?.DeepClone();
                }
                continue;
            }
            obj[field.Name] = field.IsMap ? new JsonObject { ["key"] = value } : field.Repeated ? new JsonArray(value) : value;
        }
        return obj;
    }

    private static JsonNode? SampleValue(string type, string name, int depth) => type switch
    {
        "string" => $"{name}-value",
        "bytes" => Convert.ToBase64String("bytes"u8),
        "bool" => true,
        "int32" => -7L,
        "int64" => 1L << 40,
        "double" => 0.25,
        ProtoSchema.Time => "2026-12-02T10:00:00Z",
        ProtoSchema.MicroTime => "2026-12-02T10:00:00.123456Z",
        ProtoSchema.Duration => "1m30s",
        ProtoSchema.Quantity => "250m",
        ProtoSchema.IntOrString => "25%",
        ProtoSchema.RawExtension or ProtoSchema.FieldsV1 => new JsonObject { ["f:metadata"] = new JsonObject() },
        ProtoSchema.Verbs => new JsonArray("get"),
        _ when type.EndsWith(".ExtraValue", StringComparison.Ordinal) => new JsonArray("x"),
        _ when depth < 6 => Sample(type, depth + 1),
        _ => null,
    };

    private static void Walk(string message, Type model, HashSet<string> seen, List<string> mismatches)
    {
        if (!seen.Add(message))
        {
            return;
        }
        var properties = model.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, p.PropertyType))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.PropertyType, StringComparer.Ordinal);
        foreach (var field in ProtoSchema.Fields(message)!.Values)
        {
            if (field.Inline)
            {
                Walk(field.Type, model, [], mismatches);
                continue;
            }
            if (!properties.TryGetValue(field.Name, out var type))
            {
                mismatches.Add($"{message}.{field.Name} (#{field.Number}) is not a property of {model.Name}");
                continue;
            }
            if (ProtoSchema.IsMessage(field.ElementType) && !Special.Contains(field.ElementType) && !field.ElementType.EndsWith(".ExtraValue", StringComparison.Ordinal))
            {
                Walk(field.ElementType, Element(type), seen, mismatches);
            }
        }
    }

    private static Type Element(Type type)
    {
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            return type.GetGenericArguments()[^1];
        }
        return Nullable.GetUnderlyingType(type) ?? type;
    }
}
