namespace MiniApiServer.Application.Objects;

/// <summary>metav1.DeleteOptions as kubectl sends it (in the body) or as query parameters.</summary>
public sealed record DeleteOptions(
    long? GracePeriodSeconds = null,
    string? PropagationPolicy = null,
    string? PreconditionUid = null,
    string? PreconditionResourceVersion = null,
    bool DryRun = false)
{
    public static readonly DeleteOptions Default = new();
}
