using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>core/v1 secrets.</summary>
public sealed class SecretKind : KindDefinition
{
    public override ResourceType Type { get; } = new("", "v1", "secrets", "secret", "Secret", true, typeof(V1Secret), None, None, None);

    public override RowPrinter Printer { get; } = new SecretPrinter();

    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml | WireFormats.Protobuf;

    public override IResourceStrategy CreateStrategy() => new SecretStrategy(Type);

    public override IReadOnlyList<SelectableField> SelectableFields { get; } = [new("type")];
}
