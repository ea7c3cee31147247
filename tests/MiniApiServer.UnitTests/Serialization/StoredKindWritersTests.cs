using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.Application.Kinds;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.UnitTests.Serialization;

/// <summary>
/// The generated writers against the client library's own reflection serializer (its KubernetesJson settings with
/// the relaxed encoder the store uses): every property of every stored kind set, strings that need escaping, times
/// with fractions, quantities in non-canonical form.
/// </summary>
public sealed class StoredKindWritersTests
{
    private static readonly JsonSerializerOptions Library = LibraryOptions();

    // Kinds whose generated code would not write what the library writes, left to the serializer: a non-nullable
    // time (metav1.Condition's lastTransitionTime, events.k8s.io's eventTime) or an untyped field (a revision's data, a
    // CRD schema's default, enum and example values).
    private static readonly string[] SerializerOnly =
        [nameof(V1Service), nameof(V1PodDisruptionBudget), nameof(Eventsv1Event), nameof(V1ControllerRevision), nameof(V1CustomResourceDefinition),
         nameof(V1ValidatingAdmissionPolicy)];

    public static TheoryData<string> TypedKinds =>
        [.. KindCatalog.All.Where(k => k.Type.ModelType is not null && !IsStoredAsAnother(k)).Select(k => k.Type.ModelType!.Name).Distinct()];

    // autoscaling/v1 HPAs are converted to and from the stored v2 as JSON; no writer ever encodes their model.
    private static bool IsStoredAsAnother(KindDefinition kind) => kind.Conversion is { StorageResource: var stored } && stored == kind.Type.GroupResource;

    [Theory]
    [MemberData(nameof(TypedKinds))]
    public void EveryStoredKind_HasAGeneratedWriter_ButThoseItWouldGetWrong(string typeName) =>
        Assert.Equal(!SerializerOnly.Contains(typeName), StoredKindWriters.Types.Any(t => t.Name == typeName));

    [Fact]
    public void EveryPropertySet_WritesTheLibrarysBytes()
    {
        foreach (var type in StoredKindWriters.Types)
        {
            for (var seed = 0; seed < 5; seed++)
            {
                var model = new Populator(new Random(seed)).Create(type, 0)!;
                var expected = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(model, type, Library));

                var actual = Encoding.UTF8.GetString(StoredKindWriters.TryWrite(model)!);

                var at = expected.Zip(actual).TakeWhile(p => p.First == p.Second).Count();
                Assert.True(expected == actual, $"{type.Name} seed {seed}, from character {at}:\n{expected[Math.Max(0, at - 80)..]}\n{actual[Math.Max(0, at - 80)..]}");
                Assert.True(expected.Length > 200, $"{type.Name} populated only {expected}");
            }
        }
    }

    [Fact]
    public void AnUntypedFieldOfATypeTheContextDoesNotKnow_IsHandedBackToTheSerializer()
    {
        var pod = new V1Pod { Metadata = new V1ObjectMeta { Name = "p", ManagedFields = [new V1ManagedFieldsEntry { FieldsV1 = new Uri("http://x") }] } };
        var before = StoredKindWriters.Refused;

        Assert.Null(StoredKindWriters.TryWrite(pod));
        Assert.Equal(before + 1, StoredKindWriters.Refused);
        Assert.Equal("""{"metadata":{"name":"p"}}""", Encoding.UTF8.GetString(StoredKindWriters.TryWrite(new V1Pod { Metadata = new V1ObjectMeta { Name = "p" } })!));
    }

    [Fact]
    public void AModelWithNothingSet_WritesAnEmptyObject()
    {
        Assert.Equal("{}", Encoding.UTF8.GetString(StoredKindWriters.TryWrite(new V1Pod())!));
    }

    [Fact]
    public void ATypeWithoutAWriter_IsLeftToTheSerializer()
    {
        Assert.Null(StoredKindWriters.TryWrite(new V1PodSpec()));
    }

    [Fact]
    public void AHugeObject_AndASmallOneAfterIt_BothComeOutWhole()
    {
        var big = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "big" }, Data = new Dictionary<string, string> { ["k"] = new string('x', 1 << 20) } };
        var small = new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "small" } };

        Assert.Equal(JsonSerializer.Serialize(big, Library), Encoding.UTF8.GetString(StoredKindWriters.TryWrite(big)!));
        Assert.Equal("""{"metadata":{"name":"small"}}""", Encoding.UTF8.GetString(StoredKindWriters.TryWrite(small)!));
    }

    private static JsonSerializerOptions LibraryOptions()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(o => captured = o);
        return new JsonSerializerOptions(captured!) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }

    /// <summary>Sets every public settable property, recursively, to values of its type.</summary>
    private sealed class Populator(Random random)
    {
        private static readonly string[] Texts = ["plain", "<b>&'\"é☃", "line\nbreak \u2028 \\ /", "\u0001ctl", "😀 astral"];
        private static readonly string[] Quantities = ["100m", "0.5", "1Gi", "128Mi", "2", "1e3", "1500m"];

        public object? Create(Type type, int depth)
        {
            var inner = Nullable.GetUnderlyingType(type) ?? type;
            if (inner == typeof(string)) return Texts[random.Next(Texts.Length)] + random.Next(100);
            if (inner == typeof(int)) return random.Next(-5, 100_000);
            if (inner == typeof(long)) return (long)random.Next() * 1000;
            if (inner == typeof(double)) return random.NextDouble() * 100;
            if (inner == typeof(bool)) return random.Next(2) == 1;
            if (inner == typeof(DateTime)) return new DateTime(2026, 12, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(random.Next(0, 9_999_999));
            if (inner == typeof(DateTimeOffset)) return new DateTimeOffset(2026, 12, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(random.Next(0, 9_999_999));
            if (inner == typeof(TimeSpan)) return TimeSpan.FromSeconds(random.Next(1, 100_000));
            if (inner == typeof(byte[])) return Enumerable.Range(0, 9).Select(_ => (byte)random.Next(256)).ToArray();
            if (inner == typeof(ResourceQuantity)) return new ResourceQuantity(Quantities[random.Next(Quantities.Length)]);
            if (inner == typeof(IntOrString)) return random.Next(2) == 0 ? (IntOrString)"http" : (IntOrString)8080;
            // An untyped field (fieldsV1) holds a JsonElement after a decode, a JsonNode when code built it.
            if (inner == typeof(object)) return random.Next(2) == 0
                ? JsonDocument.Parse("""{"f:metadata":{"f:labels":{"f:app":{}}},"v:<é>":{}}""").RootElement.Clone()
                : JsonNode.Parse("""{"f:spec":{"k:{\"name\":\"c\"}":{".":{}}}}""");
            if (inner.IsEnum) return Enum.GetValues(inner).GetValue(random.Next(Enum.GetValues(inner).Length));
            if (depth > 8) return null;
            if (inner.IsGenericType && inner.GetGenericArguments() is { Length: 2 } kv && typeof(IDictionary).IsAssignableFrom(typeof(Dictionary<,>).MakeGenericType(kv)))
            {
                var dictionary = (IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(kv))!;
                dictionary["k1-" + random.Next(10)] = Create(kv[1], depth + 1);
                dictionary["k2/é"] = Create(kv[1], depth + 1);
                return dictionary;
            }
            if (inner.IsGenericType && inner.GetGenericArguments() is { Length: 1 } item)
            {
                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(item))!;
                list.Add(Create(item[0], depth + 1));
                list.Add(Create(item[0], depth + 1));
                return list;
            }
            var model = Activator.CreateInstance(inner)!;
            foreach (var property in inner.GetProperties().Where(p => p.CanWrite && p.GetIndexParameters().Length == 0))
            {
                property.SetValue(model, Create(property.PropertyType, depth + 1));
            }
            return model;
        }
    }
}
