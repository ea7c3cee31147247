using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Webhooks;

/// <summary>
/// admission.Attributes for one write: what the webhooks' rules and selectors match and what the AdmissionReview
/// carries. <paramref name="Namespace"/> is a Namespace object's own name for writes of namespaces (create.go).
/// </summary>
public sealed record AdmissionAttributes(
    ResourceType Type,
    string Operation,
    string Namespace,
    string Name,
    string? Subresource,
    JsonObject? Object,
    JsonObject? OldObject,
    bool DryRun,
    JsonObject? Options,
    AdmissionUser User)
{
    /// <summary>The kind of <see cref="Object"/> when it is not the resource's: a subresource's (policy/v1 Eviction, v1 Binding).</summary>
    public (string Group, string Version, string Kind)? ObjectKind { get; init; }

    /// <summary>The scheme's defaulting, which the mutating dispatcher runs again after each patch (mutating/dispatcher.go).</summary>
    public Func<JsonObject, JsonObject>? Default { get; init; }
}
