using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// autoscaling/v1 horizontalpodautoscalers, stored as autoscaling/v2 (one store, as upstream): what kubectl 1.32's
/// `autoscale` posts. The table is printed from the stored version, as upstream prints from the internal one.
/// </summary>
public sealed class HorizontalPodAutoscalerV1Kind : KindDefinition
{
    public override ResourceType Type { get; } = new("autoscaling", "v1", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true,
        typeof(V1HorizontalPodAutoscaler), ["hpa"], All, ["status"])
    {
        StorageKey = "horizontalpodautoscalers.autoscaling/v1",
    };

    private static readonly HorizontalPodAutoscalerV1Conversion V1 = new();

    public override RowPrinter Printer { get; } = new HorizontalPodAutoscalerPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new DefaultStrategy(Type);

    public override IVersionConversion Conversion => V1;
}
