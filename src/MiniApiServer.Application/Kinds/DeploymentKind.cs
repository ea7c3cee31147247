using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>apps/v1 deployments, with the status and scale (autoscaling/v1 Scale) subresources.</summary>
public sealed class DeploymentKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apps", "v1", "deployments", "deployment", "Deployment", true, typeof(V1Deployment), ["deploy"], All, ["status", "scale"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new DeploymentPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new DeploymentStrategy(Type);
}
