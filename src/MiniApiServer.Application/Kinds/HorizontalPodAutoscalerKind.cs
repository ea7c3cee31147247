using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// autoscaling/v2 horizontalpodautoscalers (short name hpa, category all), with the status subresource the HPA
/// controller writes (pkg/registry/autoscaling/horizontalpodautoscaler).
/// </summary>
public sealed class HorizontalPodAutoscalerKind : KindDefinition
{
    public override ResourceType Type { get; } = new("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true,
        typeof(V2HorizontalPodAutoscaler), ["hpa"], All, ["status"]);

    public override RowPrinter Printer { get; } = new HorizontalPodAutoscalerPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new HorizontalPodAutoscalerStrategy(Type);
}
