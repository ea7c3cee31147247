using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 serviceaccounts.</summary>
public sealed class ServiceAccountKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true, typeof(V1ServiceAccount), ["sa"], None, None);
}
