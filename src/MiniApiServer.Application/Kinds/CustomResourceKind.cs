using System.Text.Json.Nodes;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// One served version of a CRD's resource (apiextensions-apiserver's crdHandler builds one storage per version). The
/// storage version owns the store; the others are served from it with their apiVersion rewritten, the None conversion.
/// </summary>
public sealed class CustomResourceKind : KindDefinition
{
    private readonly IResourceStrategy _strategy;

    public CustomResourceKind(ResourceType type, JsonObject? schema, JsonArray? printerColumns, IVersionConversion? conversion, CustomResourceScale? scale = null)
    {
        Type = type;
        Schema = schema;
        Scale = scale;
        Printer = new CustomResourcePrinter(printerColumns);
        Conversion = conversion;
        _strategy = new CustomResourceStrategy(type, schema);
    }

    public override ResourceType Type { get; }

    /// <summary>The version's openAPIV3Schema, which prunes, defaults and validates its objects.</summary>
    public JsonObject? Schema { get; }

    /// <summary>Where the scale subresource reads and writes, when the version has one.</summary>
    public CustomResourceScale? Scale { get; }

    public override RowPrinter Printer { get; }

    // The custom resource handler negotiates JSON and YAML only.
    public override WireFormats WireFormats => WireFormats.Json | WireFormats.Yaml;

    public override IReadOnlyList<SelectableField> SelectableFields => [];

    public override IResourceStrategy CreateStrategy() => _strategy;

    public override IVersionConversion? Conversion { get; }

    /// <summary>False for a storage version that is not served: its store exists, discovery and requests do not see it.</summary>
    public bool Served { get; init; } = true;
}
