using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 namespaces.</summary>
public sealed class NamespaceKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "namespaces", "namespace", "Namespace", false, typeof(V1Namespace), ["ns"], None, ["status", "finalize"]);

    public override RowPrinter Printer { get; } = new NamespacePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IDeleteRule DeleteRule { get; } = new NamespaceDeletion();

    public override IReadOnlyList<SelectableField> SelectableFields { get; } = [new("status.phase")];

    public override IResourceStrategy CreateStrategy() => new NamespaceStrategy(Type);

    /// <summary>ValidateNamespaceName: a namespace name is a DNS label, as it becomes part of DNS names.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.LabelNameError(name);
}
