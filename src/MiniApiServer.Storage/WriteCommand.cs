using System.Text.Json.Nodes;

namespace MiniApiServer.Storage;

/// <summary>
/// A write as the single writer sees it. Preconditions are checked inside the writer, against the state
/// that includes every earlier write of the same batch, so check-and-set is atomic without locks.
/// </summary>
/// <param name="Object">The new object; the writer stamps metadata.resourceVersion into it. Null for deletes.</param>
/// <param name="ExpectedRevision">If set, the current object must have exactly this revision (optimistic concurrency).</param>
/// <param name="ExpectedUid">If set, the current object must have this uid (the Preconditions.UID of DeleteOptions).</param>
public sealed record WriteCommand(
    WriteKind Kind,
    string Resource,
    string Namespace,
    string Name,
    JsonObject? Object,
    long? ExpectedRevision = null,
    string? ExpectedUid = null)
{
    /// <summary>
    /// For a create, the object already serialized to its stored form (no resourceVersion), used instead of
    /// <see cref="Object"/> so the writer only splices the revision in rather than serializing again.
    /// </summary>
    public byte[]? Encoded { get; init; }

    /// <summary>Offset in <see cref="Encoded"/> of the closing brace of metadata, where resourceVersion goes.</summary>
    public int MetadataEnd { get; init; }
}
