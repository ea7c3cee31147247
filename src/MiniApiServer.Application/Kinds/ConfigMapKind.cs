using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization.Protobuf;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 configmaps.</summary>
public sealed class ConfigMapKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), ["cm"], None, None);

    public override RowPrinter Printer { get; } = new ConfigMapPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new DefaultStrategy(Type);

    public override JsonObject DecodeProtobuf(ReadOnlySpan<byte> raw) => KubernetesProtobuf.ReadObject(raw, ReadField);

    private static bool ReadField(JsonObject obj, int field, ref ProtoReader r)
    {
        switch (field)
        {
            case 2: KubernetesProtobuf.MapEntry(obj, "data", r.ReadBytes(), bytes: false); return true;
            case 3: KubernetesProtobuf.MapEntry(obj, "binaryData", r.ReadBytes(), bytes: true); return true;
            case 4: obj["immutable"] = r.ReadVarint() != 0; return true;
            default: return false;
        }
    }
}
