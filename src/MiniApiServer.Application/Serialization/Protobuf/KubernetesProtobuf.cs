using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>
/// Decodes the request bodies kubectl's typed clients send as application/vnd.kubernetes.protobuf
/// (`kubectl create namespace|configmap|secret|serviceaccount`): the "k8s\0" envelope holding a
/// runtime.Unknown (apimachinery pkg/runtime/serializer/protobuf), whose raw bytes are the object in the
/// field numbering of k8s.io/api generated.proto. Kinds not listed here are refused with 415, as before.
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
        var obj = kind switch
        {
            "Namespace" => Namespace(raw),
            "ConfigMap" => ConfigMap(raw),
            "Secret" => Secret(raw),
            "ServiceAccount" => ServiceAccount(raw),
            _ => throw new NotSupportedException($"protobuf bodies of kind {kind} are not supported; send JSON"),
        };
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    private static JsonObject Namespace(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: obj["metadata"] = ObjectMeta(r.ReadBytes()); break;
                case 2:
                    var spec = new JsonObject();
                    var s = new ProtoReader(r.ReadBytes());
                    while (s.TryReadTag(out var sf, out var sw))
                    {
                        if (sf == 1) Append(spec, "finalizers", s.ReadString());
                        else s.Skip(sw);
                    }
                    obj["spec"] = spec;
                    break;
                default: r.Skip(w); break;
            }
        }
        return obj;
    }

    private static JsonObject ConfigMap(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: obj["metadata"] = ObjectMeta(r.ReadBytes()); break;
                case 2: MapEntry(obj, "data", r.ReadBytes(), bytes: false); break;
                case 3: MapEntry(obj, "binaryData", r.ReadBytes(), bytes: true); break;
                case 4: obj["immutable"] = r.ReadVarint() != 0; break;
                default: r.Skip(w); break;
            }
        }
        return obj;
    }

    private static JsonObject Secret(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: obj["metadata"] = ObjectMeta(r.ReadBytes()); break;
                case 2: MapEntry(obj, "data", r.ReadBytes(), bytes: true); break;
                case 3: obj["type"] = r.ReadString(); break;
                case 4: MapEntry(obj, "stringData", r.ReadBytes(), bytes: false); break;
                case 5: obj["immutable"] = r.ReadVarint() != 0; break;
                default: r.Skip(w); break;
            }
        }
        return obj;
    }

    private static JsonObject ServiceAccount(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case 1: obj["metadata"] = ObjectMeta(r.ReadBytes()); break;
                case 4: obj["automountServiceAccountToken"] = r.ReadVarint() != 0; break;
                default: r.Skip(w); break;
            }
        }
        return obj;
    }

    /// <summary>ObjectMeta: the client-settable fields (generated.proto field numbers).</summary>
    private static JsonObject ObjectMeta(ReadOnlySpan<byte> raw)
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

    private static void MapEntry(JsonObject target, string name, ReadOnlySpan<byte> entry, bool bytes)
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

    private static void Append(JsonObject target, string name, string value)
    {
        var list = target[name] as JsonArray ?? new JsonArray();
        list.Add(value);
        target[name] = list;
    }
}
