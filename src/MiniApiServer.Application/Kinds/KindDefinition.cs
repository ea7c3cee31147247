using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Kinds;

/// <summary>
/// One kind, declared in one place (upstream spreads this over a kind's pkg/registry/&lt;group&gt;/&lt;kind&gt;
/// strategy and storage). The generic registry code asks the kind instead of naming it.
/// </summary>
public abstract class KindDefinition
{
    protected static readonly string[] All = ["all"];
    protected static readonly string[] None = [];

    public abstract ResourceType Type { get; }

    /// <summary>The fieldSelector keys beyond metadata.name and metadata.namespace (the kind's ToSelectableFields).</summary>
    public virtual IReadOnlyList<SelectableField> SelectableFields => [];

    /// <summary>Defaults, prepare-for-create/update, validation and the status/spec split.</summary>
    public virtual IResourceStrategy CreateStrategy() => new DefaultStrategy(Type);

    /// <summary>ValidateObjectMeta's name function: most kinds take DNS subdomain names.</summary>
    public virtual string? NameError(string name) => ObjectMetaValidation.SubdomainError(name);

    /// <summary>Replaces the generic delete (namespaces: Terminating first, gone once empty).</summary>
    public virtual IDeleteRule? DeleteRule => null;

    /// <summary>rest.RESTGracefulDeleteStrategy: null for kinds that are deleted at once.</summary>
    public virtual IGracefulDeleteStrategy? GracefulDelete => null;

    /// <summary>Subresources that are written with their own rules instead of the kind's strategy (pods/binding).</summary>
    public virtual ISubresourceHandler? Subresource(string name) => null;
}
