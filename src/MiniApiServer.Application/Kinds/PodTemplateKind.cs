using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 podtemplates (pkg/registry/core/podtemplate/storage/storage.go): stored and validated, read by no controller.</summary>
public sealed class PodTemplateKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "podtemplates", "podtemplate", "PodTemplate", true, typeof(V1PodTemplate), None, None, None);

    public override RowPrinter Printer { get; } = new PodTemplatePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new PodTemplateStrategy(Type);
}
