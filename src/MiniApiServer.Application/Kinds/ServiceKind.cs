using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>v1 services. Cluster IPs and node ports are allocated on create (<see cref="Services.ServiceAllocator"/>).</summary>
public sealed class ServiceKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "services", "service", "Service", true, typeof(V1Service), ["svc"], All, ["status"]);

    public override RowPrinter Printer { get; } = new ServicePrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IReadOnlyList<SelectableField> SelectableFields => [new("spec.clusterIP"), new("spec.type")];

    public override IResourceStrategy CreateStrategy() => new ServiceStrategy(Type);

    /// <summary>ValidateServiceName: service names become DNS labels, so they are RFC 1035 labels.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.Dns1035LabelError(name);
}
