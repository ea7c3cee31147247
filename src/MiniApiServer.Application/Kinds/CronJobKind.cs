using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>batch/v1 cronjobs (short name cj).</summary>
public sealed class CronJobKind : KindDefinition
{
    public override ResourceType Type { get; } = new("batch", "v1", "cronjobs", "cronjob", "CronJob", true, typeof(V1CronJob), ["cj"], All, ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new CronJobPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new CronJobStrategy(Type);
}
