using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 configmaps.</summary>
public sealed class ConfigMapKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), ["cm"], None, None);

    public override RowPrinter Printer { get; } = new ConfigMapPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ConfigMapStrategy(Type);
}
