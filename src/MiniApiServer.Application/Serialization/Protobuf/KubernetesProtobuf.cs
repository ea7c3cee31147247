using System.Text.Json.Nodes;
using MiniApiServer.Application.Kinds;

namespace MiniApiServer.Application.Serialization.Protobuf;

/// <summary>
/// application/vnd.kubernetes.protobuf bodies: the "k8s\0" magic, then a runtime.Unknown whose TypeMeta names the
/// apiVersion and kind and whose raw bytes are the object in k8s.io/api generated.proto numbering (apimachinery
/// pkg/runtime/serializer/protobuf). Every message of the served groups decodes and encodes through one schema.
/// </summary>
public static class KubernetesProtobuf
{
    private const string UnknownMessage = "k8s.io.apimachinery.pkg.runtime.Unknown";

    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        if (!body.StartsWith(Magic))
        {
            throw new FormatException("missing the k8s protobuf envelope prefix");
        }
        var unknown = ProtoDecoder.Decode(UnknownMessage, body[Magic.Length..]);
        var apiVersion = unknown["apiVersion"]?.GetValue<string>();
        var kind = unknown["kind"]?.GetValue<string>();
        var message = ProtoSchema.MessageFor(apiVersion, kind)
            ?? throw new NotSupportedException($"protobuf bodies of {apiVersion}, Kind={kind} are not supported; send JSON");
        if (KindCatalog.All.FirstOrDefault(k => k.Type.GroupVersion == apiVersion && k.Type.Kind == kind) is { } served
            && !served.WireFormats.HasFlag(WireFormats.Protobuf))
        {
            throw new NotSupportedException($"protobuf bodies of {apiVersion}, Kind={kind} are not supported; send JSON");
        }
        var raw = unknown["raw"] is { } r ? Convert.FromBase64String(r.GetValue<string>()) : [];
        var obj = ProtoDecoder.Decode(message, raw);
        obj["apiVersion"] = apiVersion;
        obj["kind"] = kind;
        return obj;
    }

    /// <summary>The envelope around <paramref name="obj"/>, which names its own apiVersion and kind; null when no message describes it.</summary>
    public static byte[]? Encode(JsonObject obj)
    {
        var apiVersion = obj["apiVersion"]?.GetValue<string>();
        var kind = obj["kind"]?.GetValue<string>();
        if (ProtoSchema.MessageFor(apiVersion, kind) is not { } message)
        {
            return null;
        }
        var unknown = new JsonObject
        {
            ["apiVersion"] = apiVersion,
            ["kind"] = kind,
            ["raw"] = Convert.ToBase64String(ProtoEncoder.Encode(message, obj)),
        };
        return [.. Magic, .. ProtoEncoder.Encode(UnknownMessage, unknown)];
    }
}
