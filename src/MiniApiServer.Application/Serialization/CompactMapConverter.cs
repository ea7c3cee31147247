using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MiniApiServer.Application.Serialization;

/// <summary>
/// Decodes a model's <c>IDictionary&lt;string, TValue&gt;</c> property into a <see cref="CompactMap{TValue}"/> when
/// it has at most <see cref="MaxCompact"/> entries, and into a <see cref="Dictionary{TKey,TValue}"/> beyond (a
/// ConfigMap's data), where a linear search would cost more than hashing. Keys and values are read by the options'
/// own converters, so interning and the bounded quantity parser apply as before; a null string value is Go's ""; a
/// duplicate key is refused when the options refuse duplicate properties and otherwise the last one wins, as
/// System.Text.Json's dictionary does.
/// </summary>
public sealed class CompactMapConverter<TValue> : JsonConverter<IDictionary<string, TValue>>
{
    public const int MaxCompact = 16;

    // Go decodes a null map value as the element's zero value: a map[string]string (labels, annotations, a ConfigMap's
    // data) keeps the key with "", as kube-apiserver stores it and selectors read it. Other values keep null, as before.
    private static readonly TValue NullValue = typeof(TValue) == typeof(string) ? (TValue)(object)"" : default!;

    public override IDictionary<string, TValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"The JSON value could not be converted to {typeToConvert}: expected an object.");
        }
        var keys = (JsonConverter<string>)options.GetConverter(typeof(string));
        var values = (JsonConverter<TValue>)options.GetConverter(typeof(TValue));
        var buffer = ArrayPool<KeyValuePair<string, TValue>>.Shared.Rent(MaxCompact);
        var count = 0;
        Dictionary<string, TValue>? large = null;
        try
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var key = keys.ReadAsPropertyName(ref reader, typeof(string), options);
                reader.Read();
                var value = reader.TokenType == JsonTokenType.Null && !values.HandleNull
                    ? NullValue
                    : values.Read(ref reader, typeof(TValue), options)!;
                if (large is not null)
                {
                    Put(large, key, value, options);
                    continue;
                }
                var at = CompactMap<TValue>.IndexOf(buffer.AsSpan(0, count), key);
                if (at >= 0)
                {
                    RefuseDuplicate(key, options);
                    buffer[at] = new(key, value);
                }
                else if (count < MaxCompact)
                {
                    buffer[count++] = new(key, value);
                }
                else
                {
                    large = new Dictionary<string, TValue>(count * 2);
                    for (var i = 0; i < count; i++)
                    {
                        large.Add(buffer[i].Key, buffer[i].Value);
                    }
                    large.Add(key, value);
                }
            }
            return large ?? (IDictionary<string, TValue>)new CompactMap<TValue>(buffer.AsSpan(0, count).ToArray());
        }
        finally
        {
            ArrayPool<KeyValuePair<string, TValue>>.Shared.Return(buffer, clearArray: true);
        }
    }

    public override void Write(Utf8JsonWriter writer, IDictionary<string, TValue> value, JsonSerializerOptions options)
    {
        var values = (JsonConverter<TValue>)options.GetConverter(typeof(TValue));
        writer.WriteStartObject();
        foreach (var (key, item) in value)
        {
            writer.WritePropertyName(options.DictionaryKeyPolicy?.ConvertName(key) ?? key);
            if (item is null && !values.HandleNull)
            {
                writer.WriteNullValue();
            }
            else
            {
                values.Write(writer, item, options);
            }
        }
        writer.WriteEndObject();
    }

    private static void Put(Dictionary<string, TValue> map, string key, TValue value, JsonSerializerOptions options)
    {
        if (!map.TryAdd(key, value))
        {
            RefuseDuplicate(key, options);
            map[key] = value;
        }
    }

    private static void RefuseDuplicate(string key, JsonSerializerOptions options)
    {
        if (!options.AllowDuplicateProperties)
        {
            throw new JsonException($"Duplicate key '{key}' in a map.");
        }
    }
}
