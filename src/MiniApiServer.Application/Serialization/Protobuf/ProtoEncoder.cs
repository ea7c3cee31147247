using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>JSON to a generated.proto message, the inverse of <see cref="ProtoDecoder"/>; JSON fields the message lacks are dropped, as Go's decoder drops them.</summary>
public static class ProtoEncoder
{
    public static byte[] Encode(string message, JsonObject obj)
    {
        var writer = new ProtoWriter();
        Write(writer, message, obj);
        return writer.WrittenSpan.ToArray();
    }

    private static void Write(ProtoWriter w, string message, JsonObject obj)
    {
        foreach (var field in ProtoSchema.Fields(message)!.Values.OrderBy(f => f.Number))
        {
            if (field.Inline)
            {
                var inlined = InlinedPart(field.Type, obj);
                if (inlined.Count > 0)
                {
                    var nested = new ProtoWriter();
                    Write(nested, field.Type, inlined);
                    w.Bytes(field.Number, nested.WrittenSpan);
                }
                continue;
            }
            if (obj[field.Name] is not { } node)
            {
                continue;
            }
            if (field.IsMap)
            {
                foreach (var (key, value) in node.AsObject())
                {
                    var entry = new ProtoWriter();
                    entry.String(1, key);
                    if (value is not null)
                    {
                        WriteValue(entry, 2, field.ElementType, value);
                    }
                    w.Bytes(field.Number, entry.WrittenSpan);
                }
            }
            else if (field.Repeated)
            {
                foreach (var item in node.AsArray())
                {
                    WriteValue(w, field.Number, field.ElementType, item ?? JsonValue.Create(""));
                }
            }
            else
            {
                WriteValue(w, field.Number, field.Type, node);
            }
        }
    }

    /// <summary>A JSON integer however it was built (parsed text, or a value the decoder created from an int).</summary>
    private static long Integer(JsonNode value) =>
        value.AsValue().TryGetValue<long>(out var l) ? l
        : value.AsValue().TryGetValue<int>(out var i) ? i
        : long.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The parent's JSON properties that belong to an inlined struct (its own fields, and theirs if it inlines further).</summary>
    private static JsonObject InlinedPart(string message, JsonObject parent)
    {
        var part = new JsonObject();
        foreach (var field in ProtoSchema.Fields(message)!.Values)
        {
            if (field.Inline)
            {
                foreach (var (name, value) in InlinedPart(field.Type, parent))
                {
                    part[name] = value?.DeepClone();
                }
            }
            else if (parent[field.Name] is { } value)
            {
                part[field.Name] = value.DeepClone();
            }
        }
        return part;
    }

    private static void WriteValue(ProtoWriter w, int number, string type, JsonNode value)
    {
        switch (type)
        {
            case "string": w.String(number, value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString()); return;
            case "bytes": w.Bytes(number, Convert.FromBase64String(value.GetValue<string>())); return;
            case "bool": w.Varint(number, value.GetValue<bool>() ? 1UL : 0UL); return;
            case "int32" or "int64": w.Varint(number, (ulong)Integer(value)); return;
            case "double": w.Fixed64(number, BitConverter.DoubleToUInt64Bits(value.GetValue<double>())); return;
        }
        var nested = new ProtoWriter();
        switch (type)
        {
            case ProtoSchema.Time or ProtoSchema.MicroTime:
                var (seconds, nanos) = KubeTimes.Parse(value.GetValue<string>());
                nested.Varint(1, (ulong)seconds);
                if (nanos != 0) nested.Varint(2, (ulong)nanos);
                break;
            case ProtoSchema.Duration:
                nested.Varint(1, (ulong)KubeTimes.ParseDuration(value.GetValue<string>()));
                break;
            case ProtoSchema.Quantity:
                nested.String(1, value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
                break;
            case ProtoSchema.IntOrString when value.GetValueKind() == JsonValueKind.String:
                nested.Varint(1, 1);
                nested.String(3, value.GetValue<string>());
                break;
            case ProtoSchema.IntOrString:
                nested.Varint(1, 0);
                nested.Varint(2, (ulong)Integer(value));
                break;
            case ProtoSchema.RawExtension or ProtoSchema.FieldsV1:
                nested.Bytes(1, JsonSerializer.SerializeToUtf8Bytes(value));
                break;
            case var list when list.EndsWith(".ExtraValue", StringComparison.Ordinal) || list == ProtoSchema.Verbs:
                foreach (var item in value.AsArray())
                {
                    nested.String(1, item!.GetValue<string>());
                }
                break;
            default:
                Write(nested, type, value.AsObject());
                break;
        }
        w.Bytes(number, nested.WrittenSpan);
    }
}
