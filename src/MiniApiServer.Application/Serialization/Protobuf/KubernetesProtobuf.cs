using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>
/// Decodes the request bodies kubectl's typed clients send as application/vnd.kubernetes.protobuf
/// (`kubectl create namespace|configmap|secret|serviceaccount`): the "k8s\0" envelope holding a
/// runtime.Unknown (apimachinery pkg/runtime/serializer/protobuf), whose raw bytes are the object in the
/// field numbering of k8s.io/api generated.proto, which each kind decodes (KindDefinition.DecodeProtobuf);
/// kinds that do not are refused with 415.
/// </summary>
public static class KubernetesProtobuf
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("missing the k8s protobuf envelope prefix");
        }
        string? apiVersion = null, kind = null;
        ReadOnlySpan<byte> raw = default;
        var reader = new ProtoReader(body[Magic.Length..]);
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1:
                    var typeMeta = new ProtoReader(reader.ReadBytes());
                    while (typeMeta.TryReadTag(out var f, out var w))
                    {
                        if (f == 1) apiVersion = typeMeta.ReadString();
                        else if (f == 2) kind = typeMeta.ReadString();
                        else typeMeta.Skip(w);
                    }
                    break;
                case 2:
                    raw = reader.ReadBytes();
                    break;
                default:
                    reader.Skip(wire);
                    break;
            }
        }
        var obj = KindCatalog.All.FirstOrDefault(k => k.Type.Kind == kind && k.WireFormats.HasFlag(WireFormats.Protobuf))?.DecodeProtobuf(raw)
            ?? throw new NotSupportedException($"protobuf bodies of kind {kind} are not supported; send JSON");
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    /// <summary>A top-level object: field 1 is its ObjectMeta; <paramref name="field"/> reads the kind's own fields and returns false for one it skips.</summary>
    public static JsonObject ReadObject(ReadOnlySpan<byte> raw, FieldReader field)
    {
        var obj = new JsonObject();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var f, out var w))
        {
            if (f == 1)
            {
                obj["metadata"] = ReadObjectMeta(r.ReadBytes());
            }
            else if (!field(obj, f, ref r))
            {
                r.Skip(w);
            }
        }
        return obj;
    }

    /// <summary>ObjectMeta: the client-settable fields (generated.proto field numbers).</summary>
    public static JsonObject ReadObjectMeta(ReadOnlySpan<byte> raw)
    {
        var meta = new JsonObject();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: meta["name"] = r.ReadString(); break;
                case 2: meta["generateName"] = r.ReadString(); break;
                case 3: meta["namespace"] = r.ReadString(); break;
                case 6: meta["resourceVersion"] = r.ReadString(); break;
                case 11: MapEntry(meta, "labels", r.ReadBytes(), bytes: false); break;
                case 12: MapEntry(meta, "annotations", r.ReadBytes(), bytes: false); break;
                case 14: Append(meta, "finalizers", r.ReadString()); break;
                default: r.Skip(w); break;
            }
        }
        return meta;
    }

    public static void MapEntry(JsonObject target, string name, ReadOnlySpan<byte> entry, bool bytes)
    {
        string key = "", value = "";
        var r = new ProtoReader(entry);
        while (r.TryReadTag(out var f, out var w))
        {
            if (f == 1) key = r.ReadString();
            else if (f == 2) value = bytes ? Convert.ToBase64String(r.ReadBytes()) : r.ReadString();
            else r.Skip(w);
        }
        var map = target[name] as JsonObject ?? new JsonObject();
        map[key] = value;
        target[name] = map;
    }

    public static void Append(JsonObject target, string name, string value)
    {
        var list = target[name] as JsonArray ?? new JsonArray();
        list.Add(value);
        target[name] = list;
    }
}
