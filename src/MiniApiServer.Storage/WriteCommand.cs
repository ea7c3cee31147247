using System.Text.Json.Nodes;

namespace MiniApiServer.Storage;

/// <summary>
/// A write as the durable log sees it. The database checks its precondition inside the commit transaction,
/// after every earlier write of the same batch, so check-and-set holds across processes.
/// </summary>
/// <param name="Object">The new object; the writer stamps metadata.resourceVersion into it. Null for deletes.</param>
/// <param name="ExpectedRevision">The revision the write was computed from (kine's prev_revision): the stored object must
/// still have exactly this revision, or the write is a Conflict. Null only for an unconditional write.</param>
public sealed record WriteCommand(
    WriteKind Kind,
    string Resource,
    string Namespace,
    string Name,
    JsonObject? Object,
    long? ExpectedRevision = null)
{
    /// <summary>
    /// The object already serialized to its stored form (no resourceVersion), used instead of
    /// <see cref="Object"/> so the writer only splices the revision in rather than serializing again.
    /// </summary>
    public byte[]? Encoded { get; init; }

    /// <summary>Offset in <see cref="Encoded"/> of the closing brace of metadata, where resourceVersion goes.</summary>
    public int MetadataEnd { get; init; }

    /// <summary>
    /// When positive, <see cref="Encoded"/> already ends its metadata with the resourceVersion field, its value this many
    /// placeholder digits (<see cref="RevisionStamper.WritePlaceholder"/>): the writer writes the revision over them when
    /// it has as many digits, instead of copying the object to splice the field in.
    /// </summary>
    public int RevisionDigits { get; init; }

    /// <summary>
    /// The new version's index, when the caller read it off bytes that differ from the stored ones only where no selector
    /// looks (managedFields, resourceVersion): the writer then does not read the stored bytes again to index them.
    /// </summary>
    public ObjectIndex? Index { get; init; }

    /// <summary>
    /// Called on the writer once the write is durable and its version built, before the cache or any informer can see
    /// it: the writer of a model shares that model with the version (<see cref="StoredObject.ShareModel"/>), so the
    /// informers do not decode bytes just encoded from it. A hook that throws leaves the version without a model.
    /// </summary>
    public Action<StoredObject>? Committed { get; init; }
}
