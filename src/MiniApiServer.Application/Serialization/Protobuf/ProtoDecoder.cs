using System.Globalization;
using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>
/// A generated.proto message to its JSON form, driven by <see cref="ProtoSchema"/>. Go's protobuf marshaller writes
/// every non-pointer field even when it is zero, where its JSON marshaller leaves out the omitempty ones; those zeros
/// are therefore read as absent (no `generateName: ""`), as is the zero Time a client sends for an unset timestamp.
/// </summary>
public static class ProtoDecoder
{
    public static JsonObject Decode(string message, ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject();
        DecodeInto(obj, message, raw);
        return obj;
    }

    /// <summary>Reads <paramref name="message"/>'s fields into <paramref name="obj"/>; an inlined struct reads into its parent the same way.</summary>
    private static void DecodeInto(JsonObject obj, string message, ReadOnlySpan<byte> raw)
    {
        var fields = ProtoSchema.Fields(message) ?? throw new FormatException($"unknown protobuf message {message}");
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (!fields.TryGetValue(number, out var field))
            {
                r.Skip(wire);
                continue;
            }
            if (field.IsMap)
            {
                ReadMapEntry(obj, field, r.ReadBytes());
            }
            else if (field.Repeated)
            {
                ReadRepeated(obj, field, ref r, wire);
            }
            else if (field.Inline)
            {
                DecodeInto(obj, field.Type, r.ReadBytes());
            }
            else if (Value(field.Type, ref r) is { } value && !(field.OmitZero && IsZero(value)))
            {
                obj[field.Name] = value;
            }
        }
    }

    private static void ReadRepeated(JsonObject obj, ProtoField field, ref ProtoReader r, int wire)
    {
        var list = obj[field.Name] as JsonArray ?? [];
        obj[field.Name] = list;
        if (wire == 2 && field.ElementType is "int32" or "int64" or "bool")
        {
            // Packed scalars: proto2 with [packed=true] is not used by go-to-protobuf, but a peer may still pack them.
            var packed = new ProtoReader(r.ReadBytes());
            while (packed.Remaining)
            {
                list.Add(Scalar(field.ElementType, ref packed));
            }
            return;
        }
        list.Add(Value(field.ElementType, ref r));
    }

    private static void ReadMapEntry(JsonObject obj, ProtoField field, ReadOnlySpan<byte> entry)
    {
        string key = "";
        JsonNode? value = null;
        var r = new ProtoReader(entry);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (number == 1) key = r.ReadString();
            else if (number == 2) value = Value(field.ElementType, ref r);
            else r.Skip(wire);
        }
        var map = obj[field.Name] as JsonObject ?? [];
        map[key] = value ?? (field.ElementType == "string" || field.ElementType == "bytes" ? "" : null);
        obj[field.Name] = map;
    }

    private static bool IsZero(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => value.GetValue<string>().Length == 0,
        System.Text.Json.JsonValueKind.False => true,
        System.Text.Json.JsonValueKind.Number => value.ToJsonString() == "0",
        _ => false,
    };

    private static JsonNode? Value(string type, ref ProtoReader r)
    {
        if (!ProtoSchema.IsMessage(type))
        {
            return Scalar(type, ref r);
        }
        var raw = r.ReadBytes();
        return type switch
        {
            ProtoSchema.Time => KubeTimes.Time(raw),
            ProtoSchema.MicroTime => KubeTimes.MicroTime(raw),
            ProtoSchema.Duration => KubeTimes.Duration(raw),
            ProtoSchema.Quantity => Decode(type, raw)["string"]?.DeepClone() ?? "0",
            ProtoSchema.IntOrString => IntOrString(Decode(type, raw)),
            ProtoSchema.RawExtension or ProtoSchema.FieldsV1 => Embedded(raw),
            _ when type.EndsWith(".ExtraValue", StringComparison.Ordinal) || type == ProtoSchema.Verbs =>
                Decode(type, raw)["items"]?.DeepClone() ?? new JsonArray(),
            _ => Decode(type, raw),
        };
    }

    private static JsonValue Scalar(string type, ref ProtoReader r) => type switch
    {
        "string" => JsonValue.Create(r.ReadString()),
        "bytes" => JsonValue.Create(Convert.ToBase64String(r.ReadBytes())),
        "bool" => JsonValue.Create(r.ReadVarint() != 0),
        "int32" => JsonValue.Create((int)(long)r.ReadVarint()),
        "int64" => JsonValue.Create((long)r.ReadVarint()),
        "double" => JsonValue.Create(BitConverter.UInt64BitsToDouble(r.ReadFixed64())),
        _ => throw new FormatException($"unsupported protobuf scalar type {type}"),
    };

    private static JsonNode IntOrString(JsonObject value) =>
        value["type"]?.GetValue<long>() == 1 ? (JsonNode)(value["strVal"]?.GetValue<string>() ?? "") : value["intVal"]?.GetValue<int>() ?? 0;

    /// <summary>RawExtension and FieldsV1 carry JSON bytes (field 1) inside the protobuf.</summary>
    private static JsonNode? Embedded(ReadOnlySpan<byte> raw)
    {
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (number == 1)
            {
                var bytes = r.ReadBytes();
                return bytes.Length == 0 ? null : JsonNode.Parse(bytes);
            }
            r.Skip(wire);
        }
        return null;
    }
}
