using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// apiregistration.k8s.io/v1 apiservices (category api-extensions), cluster-scoped with status, as kube-aggregator's
/// pkg/registry/apiservice serves them: one per group version the server answers for, registered at start, and any a
/// user adds for an aggregated server behind a Service.
/// </summary>
public sealed class APIServiceKind : KindDefinition
{
    public override ResourceType Type { get; } = new("apiregistration.k8s.io", "v1", "apiservices", "apiservice", "APIService", false,
        typeof(V1APIService), None, ["api-extensions"], ["status"]);

    public override RowPrinter Printer { get; } = new APIServicePrinter();

    // kube-aggregator's generated.proto is not in this server's protobuf table, as apiextensions' is not.
    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => new APIServiceStrategy(Type);

    /// <summary>ValidateAPIService's name rule starts with path.IsValidPathSegmentName; the version.group rule needs the spec.</summary>
    public override string? NameError(string name) => ObjectMetaValidation.PathSegmentNameError(name);
}
