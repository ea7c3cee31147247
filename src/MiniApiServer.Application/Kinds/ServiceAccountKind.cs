using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 serviceaccounts.</summary>
public sealed class ServiceAccountKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, typeof(V1ServiceAccount), ["sa"], None, None);

    public override RowPrinter Printer { get; } = new ServiceAccountPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new DefaultStrategy(Type);
}
