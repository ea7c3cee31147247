using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 resourcequotas, enforced by the ResourceQuota admission plugin and counted by the quota controller.</summary>
public sealed class ResourceQuotaKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true, typeof(V1ResourceQuota), ["quota"], None, ["status"]);

    public override RowPrinter Printer { get; } = new ResourceQuotaPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ResourceQuotaStrategy(Type);
}
