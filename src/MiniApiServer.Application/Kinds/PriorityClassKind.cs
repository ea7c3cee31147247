using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>scheduling.k8s.io/v1 priorityclasses, which the Priority admission plugin resolves pods' priorityClassName against.</summary>
public sealed class PriorityClassKind : KindDefinition
{
    public override ResourceType Type { get; } = new("scheduling.k8s.io", "v1", "priorityclasses", "priorityclass", "PriorityClass", false, typeof(V1PriorityClass), ["pc"], None, None);

    public override RowPrinter Printer { get; } = new PriorityClassPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new PriorityClassStrategy(Type);
}
