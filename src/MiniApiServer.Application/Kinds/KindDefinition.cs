using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Tables;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// One kind, declared in one place (upstream spreads this over a kind's pkg/registry/&lt;group&gt;/&lt;kind&gt;
/// strategy and storage and printers.go). The generic registry code asks the kind instead of naming it, and the
/// abstract members are what every kind must state: adding a kind is its file, its catalog line and its tests.
/// </summary>
public abstract class KindDefinition
{
    protected static readonly string[] All = ["all"];
    protected static readonly string[] None = [];

    /// <summary>Group, version, resource, kind, scope, model class, short names, categories and subresources.</summary>
    public abstract ResourceType Type { get; }

    /// <summary>The kubectl get columns and cells (the kind's printers.go handler).</summary>
    public abstract RowPrinter Printer { get; }

    /// <summary>The request body encodings the kind accepts.</summary>
    public abstract WireFormats WireFormats { get; }

    /// <summary>
    /// The fieldSelector keys beyond metadata.name and metadata.namespace (the kind's ToSelectableFields); the
    /// indexer extracts exactly these, with the labels, from every stored version.
    /// </summary>
    public abstract IReadOnlyList<SelectableField> SelectableFields { get; }

    /// <summary>Defaults, prepare-for-create/update, validation and the status/spec split.</summary>
    public abstract IResourceStrategy CreateStrategy();

    /// <summary>ValidateObjectMeta's name function: most kinds take DNS subdomain names.</summary>
    public virtual string? NameError(string name) => ObjectMetaValidation.SubdomainError(name);

    /// <summary>Replaces the generic delete (namespaces: Terminating first, gone once empty).</summary>
    public virtual IDeleteRule? DeleteRule => null;

    /// <summary>rest.RESTGracefulDeleteStrategy: null for kinds that are deleted at once.</summary>
    public virtual IGracefulDeleteStrategy? GracefulDelete => null;

    /// <summary>Set when the kind is served from another kind's store (events.k8s.io Events from core Events).</summary>
    public virtual IVersionConversion? Conversion => null;

    /// <summary>Subresources that are written with their own rules instead of the kind's strategy (pods/binding).</summary>
    public virtual ISubresourceHandler? Subresource(string name) => null;
}
