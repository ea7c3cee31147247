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

    /// <summary>Replaces the generic delete (namespaces: Terminating first, gone once empty).</summary>
    public virtual IDeleteRule? DeleteRule => null;

    /// <summary>rest.RESTGracefulDeleteStrategy: null for kinds that are deleted at once.</summary>
    public virtual IGracefulDeleteStrategy? GracefulDelete => null;

    /// <summary>Subresources that are written with their own rules instead of the kind's strategy (pods/binding).</summary>
    public virtual ISubresourceHandler? Subresource(string name) => null;
}
