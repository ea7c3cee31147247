using k8s.Models;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 clusterrolebindings.</summary>
public sealed class ClusterRoleBindingKind : KindDefinition
{
    public override ResourceType Type { get; } = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, typeof(V1ClusterRoleBinding), None, None, None);
}
