using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 configmaps.</summary>
public sealed class ConfigMapKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "configmaps", "configmap", "ConfigMap", true, typeof(V1ConfigMap), ["cm"], None, None);
}
