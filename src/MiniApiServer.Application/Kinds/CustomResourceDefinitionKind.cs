using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// apiextensions.k8s.io/v1 customresourcedefinitions (crd, crds; category api-extensions): cluster-scoped, with status,
/// printed by the default table convertor (Name, Created At) as pkg/registry/customresourcedefinition/etcd.go does.
/// </summary>
public sealed class CustomResourceDefinitionKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apiextensions.k8s.io", "v1", "customresourcedefinitions", "customresourcedefinition",
        "CustomResourceDefinition", false, typeof(V1CustomResourceDefinition), ["crd", "crds"], ["api-extensions"], ["status"], UsesGeneration: true);

    public override RowPrinter Printer { get; } = new DefaultPrinter();

    // apiextensions' generated.proto is not in this server's protobuf table; kubectl and the client libraries send CRDs as JSON.
    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new CustomResourceDefinitionStrategy(Type);

    public override IDeleteRule DeleteRule { get; } = new CustomResourceDefinitionDeletion();
}
