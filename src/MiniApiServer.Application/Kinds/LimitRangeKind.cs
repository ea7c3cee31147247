using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 limitranges, which the LimitRanger admission plugin applies to pods and claims in their namespace.</summary>
public sealed class LimitRangeKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "limitranges", "limitrange", "LimitRange", true, typeof(V1LimitRange), ["limits"], None, None);

    // printLimitRange prints what the default table convertor does: the name and the creation time in RFC 3339.
    public override RowPrinter Printer { get; } = new DefaultPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new LimitRangeStrategy(Type);
}
