using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 nodes.</summary>
public sealed class NodeKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "nodes", "node", "Node", false, typeof(V1Node), ["no"], None, ["status"]);

    public override IReadOnlyList<SelectableField> SelectableFields { get; } = [new("spec.unschedulable", "spec.unschedulable", Boolean: true)];
}
