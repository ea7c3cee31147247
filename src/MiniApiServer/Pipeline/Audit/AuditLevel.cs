namespace MiniApiServer.Pipeline.Audit;

/// <summary>audit.k8s.io/v1 Level, in upstream's order: each records everything the ones before it do.</summary>
public enum AuditLevel
{
    None,
    Metadata,
    Request,
    RequestResponse,
}
