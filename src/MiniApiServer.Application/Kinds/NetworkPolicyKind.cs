using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>networking.k8s.io/v1 networkpolicies (short name netpol), stored and served only: no CNI enforces them.</summary>
public sealed class NetworkPolicyKind : KindDefinition
{
    public override ResourceType Type { get; } = new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, typeof(V1NetworkPolicy), ["netpol"], None, None, UsesGeneration: true);

    public override RowPrinter Printer { get; } = new NetworkPolicyPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new NetworkPolicyStrategy(Type);
}
