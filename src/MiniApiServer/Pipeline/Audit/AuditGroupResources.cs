namespace MiniApiServer.Pipeline.Audit;

/// <summary>audit.k8s.io/v1 GroupResources.</summary>
public sealed record AuditGroupResources(string Group, IReadOnlyList<string> Resources, IReadOnlyList<string> ResourceNames);
