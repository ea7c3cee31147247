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

    /// <summary>
    /// No policy was named and the kind's default is to orphan (batch/v1 Jobs): Orphan, unless the object already
    /// carries a garbage collector finalizer, which wins as upstream's shouldOrphanDependents lets it.
    /// </summary>
    public bool OrphanByDefault { get; init; }

    /// <summary>Who the delete is for, as admission webhooks are told; null for the in-process control loops.</summary>
    public Webhooks.AdmissionUser? User { get; init; }

    /// <summary>As <see cref="WriteOptions.BypassesWebhooks"/>: an eviction's delete, which its own admission covered.</summary>
    public bool BypassesWebhooks { get; init; }
}
