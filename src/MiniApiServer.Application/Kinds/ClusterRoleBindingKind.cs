using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 clusterrolebindings.</summary>
public sealed class ClusterRoleBindingKind : KindDefinition
{
    public override ResourceType Type { get; } = new("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false, typeof(V1ClusterRoleBinding), None, None, None);

    /// <summary>rbac ValidateRBACName: any name that is a valid path segment.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.PathSegmentNameError(name);

    public override JsonObject DecodeProtobuf(ReadOnlySpan<byte> raw) => RbacProtobuf.DecodeBinding(raw);
}
