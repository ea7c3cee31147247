using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 clusterroles.</summary>
public sealed class ClusterRoleKind : KindDefinition
{
    public override ResourceType Type { get; } = new("rbac.authorization.k8s.io", "v1", "clusterroles", "clusterrole", "ClusterRole", false, typeof(V1ClusterRole), None, None, None);

    public override RowPrinter Printer { get; } = new DefaultPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new ClusterRoleStrategy(Type);

    /// <summary>rbac ValidateRBACName: any name that is a valid path segment.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.PathSegmentNameError(name);
}
