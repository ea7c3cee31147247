using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization.Protobuf;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 secrets.</summary>
public sealed class SecretKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "secrets", "secret", "Secret", true, typeof(V1Secret), None, None, None);

    public override RowPrinter Printer { get; } = new SecretPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IResourceStrategy CreateStrategy() => new DefaultStrategy(Type);

    public override IReadOnlyList<SelectableField> SelectableFields { get; } = [new("type")];

    public override JsonObject DecodeProtobuf(ReadOnlySpan<byte> raw) => KubernetesProtobuf.ReadObject(raw, ReadField);

    private static bool ReadField(JsonObject obj, int field, ref ProtoReader r)
    {
        switch (field)
        {
            case 2: KubernetesProtobuf.MapEntry(obj, "data", r.ReadBytes(), bytes: true); return true;
            case 3: obj["type"] = r.ReadString(); return true;
            case 4: KubernetesProtobuf.MapEntry(obj, "stringData", r.ReadBytes(), bytes: false); return true;
            case 5: obj["immutable"] = r.ReadVarint() != 0; return true;
            default: return false;
        }
    }
}
