using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>policy/v1 poddisruptionbudgets (pkg/registry/policy/poddisruptionbudget).</summary>
public sealed class PodDisruptionBudgetKind : KindDefinition
{
    public override ResourceType Type { get; } = new("policy", "v1", "poddisruptionbudgets", "poddisruptionbudget", "PodDisruptionBudget", true, typeof(V1PodDisruptionBudget), ["pdb"], None, ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new PodDisruptionBudgetPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new PodDisruptionBudgetStrategy(Type);
}
