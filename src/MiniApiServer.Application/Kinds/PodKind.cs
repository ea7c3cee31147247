using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 pods.</summary>
public sealed class PodKind : KindDefinition
{
    private static readonly PodBinding Binding = new();
    private static readonly PodEviction Eviction = new();

    public override ResourceType Type { get; } = new("", "v1", "pods", "pod", "Pod", true, typeof(V1Pod), ["po"], All, ["attach", "binding", "ephemeralcontainers", "eviction", "exec", "log", "portforward", "status"]);

    public override RowPrinter Printer { get; } = new PodPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IGracefulDeleteStrategy GracefulDelete { get; } = new PodGracefulDelete();

    public override ISubresourceHandler? Subresource(string name) => name switch
    {
        "binding" => Binding,
        "eviction" => Eviction,
        _ => null,
    };

    /// <summary>pkg/registry/core/pod/strategy.go ToSelectableFields.</summary>
    public override IReadOnlyList<SelectableField> SelectableFields { get; } =
    [
        new("spec.nodeName"),
        new("spec.restartPolicy"),
        new("spec.schedulerName"),
        new("spec.serviceAccountName"),
        new("spec.hostNetwork", "spec.hostNetwork", Boolean: true),
        new("status.phase"),
        new("status.podIP"),
        new("status.nominatedNodeName"),
    ];

    public override IResourceStrategy CreateStrategy() => new PodStrategy(Type);
}
