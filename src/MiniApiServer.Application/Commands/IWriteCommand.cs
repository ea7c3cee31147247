using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Commands;

/// <summary>What the pipeline's cross-cutting behaviours (audit, metrics) need to know of any write, HTTP or in-process.</summary>
public interface IWriteCommand
{
    /// <summary>The Kubernetes verb: create, update, patch, delete, deletecollection.</summary>
    string Verb { get; }

    ResourceType Type { get; }

    string? Namespace { get; }

    /// <summary>The name the request addressed; empty for a create by generateName, as upstream's audit objectRef.</summary>
    string? Name { get; }

    string? Subresource { get; }

    /// <summary>The authenticated user, or the controller identity an in-process writer acts as.</summary>
    string User { get; }
}
