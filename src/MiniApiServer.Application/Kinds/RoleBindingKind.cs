using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>rbac.authorization.k8s.io/v1 rolebindings.</summary>
public sealed class RoleBindingKind : KindDefinition
{
    public override ResourceType Type { get; } = new("rbac.authorization.k8s.io", "v1", "rolebindings", "rolebinding", "RoleBinding", true, typeof(V1RoleBinding), None, None, None);

    public override RowPrinter Printer { get; } = new RoleBindingPrinter(cluster: false);

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new BindingStrategy<V1RoleBinding>(Type, b => b.RoleRef, (b, r) => b.RoleRef = r, b => b.Subjects);

    /// <summary>rbac ValidateRBACName: any name that is a valid path segment.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.PathSegmentNameError(name);
}
