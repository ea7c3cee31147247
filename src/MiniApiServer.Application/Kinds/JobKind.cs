using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>batch/v1 jobs.</summary>
public sealed class JobKind : KindDefinition
{
    public override ResourceType Type { get; } = new("batch", "v1", "jobs", "job", "Job", true, typeof(V1Job), None, All, ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new JobPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new JobStrategy(Type);
}
