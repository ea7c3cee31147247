using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>apps/v1 daemonsets.</summary>
public sealed class DaemonSetKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, typeof(V1DaemonSet), ["ds"], All, ["status"], UsesGeneration: true);

    public override IResourceStrategy CreateStrategy() => new DaemonSetStrategy(Type);
}
