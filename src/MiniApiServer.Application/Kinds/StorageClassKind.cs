using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>storage.k8s.io/v1 storageclasses (short name sc): what the DefaultStorageClass plugin, the PV controller and the provisioner read.</summary>
public sealed class StorageClassKind : KindDefinition
{
    public override ResourceType Type { get; } = new("storage.k8s.io", "v1", "storageclasses", "storageclass", "StorageClass", false, typeof(V1StorageClass), ["sc"], None, None);

    public override RowPrinter Printer { get; } = new StorageClassPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new StorageClassStrategy(Type);
}
