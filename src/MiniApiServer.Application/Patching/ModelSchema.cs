using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace MiniApiServer.Application.Patching;

/// <summary>
/// Walks the k8s.Models types by their JSON names. A null type means "no schema known here",
/// which the patchers treat like untyped JSON.
/// </summary>
public static class ModelSchema
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> PropertiesByType = new();

    // Reflection over interfaces allocates on every call, and the schema walk asks per JSON node on every write.
    private static readonly ConcurrentDictionary<Type, Type?> MapValueTypes = new();
    private static readonly ConcurrentDictionary<Type, Type?> ElementTypes = new();

    /// <summary>Type of the value under <paramref name="name"/>: an object property, or the value type of a map.</summary>
    public static Type? Child(Type? owner, string name)
    {
        if (owner is null)
        {
            return null;
        }

        if (MapValueType(owner) is { } valueType)
        {
            return valueType;
        }

        return PropertiesOf(owner).GetValueOrDefault(name);
    }

    /// <summary>The property type for a JSON name of a model object, or null when the name is not in the schema.</summary>
    public static Type? Property(Type owner, string name) => PropertiesOf(owner).GetValueOrDefault(name);

    /// <inheritdoc cref="Property(Type, string)"/>
    public static Type? Property(Type owner, ReadOnlySpan<char> name) =>
        PropertiesOf(owner).GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out var type) ? type : null;

    /// <summary>True for k8s.Models object types whose fields are known (not maps, not opaque "object" payloads), and a custom resource's shape.</summary>
    public static bool HasFields(Type type) =>
        (type.Namespace == "k8s.Models" || type == typeof(Kinds.CustomResourceShape)) && MapValueType(type) is null && PropertiesOf(type).Count > 0;

    public static bool IsMap(Type type) => MapValueType(type) is not null;

    public static Type? Element(Type? listType) =>
        listType is null ? null : ElementTypes.GetOrAdd(listType, static t =>
            t == typeof(string) || MapValueType(t) is not null ? null : GenericArgument(t, typeof(IEnumerable<>)));

    private static Type? MapValueType(Type type) =>
        MapValueTypes.GetOrAdd(type, static t =>
            GenericArguments(t, typeof(IDictionary<,>)) is [var key, var value] && key == typeof(string) ? value : null);

    private static Dictionary<string, Type> PropertiesOf(Type type) =>
        PropertiesByType.GetOrAdd(type, static t =>
            t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name, Type: Unwrap(p.PropertyType)))
                .Where(p => p.Name is not null)
                .GroupBy(p => p.Name!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First().Type, StringComparer.Ordinal));

    private static Type Unwrap(Type type) => Nullable.GetUnderlyingType(type) ?? type;

    private static Type? GenericArgument(Type type, Type definition) =>
        GenericArguments(type, definition) is [var argument] ? Unwrap(argument) : null;

    private static Type[]? GenericArguments(Type type, Type definition)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == definition)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)?
            .GetGenericArguments();
    }
}
