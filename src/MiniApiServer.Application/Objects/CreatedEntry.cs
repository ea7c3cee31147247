using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Patching;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Storage;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// A create's managedFields entry (an Update by the request's manager owning every field the admitted object sets,
/// as upstream's fieldmanager records a create; upstream records it before mutating admission, which this follows only
/// for the ServiceAccount token volume, see TokenVolumeFields) and its stored form, encoded once: the entry is encoded holding an
/// empty fieldsV1, the owned set is read from those bytes (which leave managedFields out), and its JSON is spliced in
/// where the empty one stands. The bytes are what encoding the finished model writes (CreatedEntryTests).
/// </summary>
internal static class CreatedEntry
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>The stored form; <paramref name="meta"/> ends with the entry, or none when the object sets nothing a manager can own.</summary>
    public static byte[] Encode(ResourceType type, object model, V1ObjectMeta meta, string manager, DateTimeOffset now, out int metadataEnd) =>
        Encode(type, model, meta, manager, now, 0, null, out metadataEnd, out _, out _);

    /// <summary>
    /// As above, and when <paramref name="revisionDigits"/> is positive the same copy also ends metadata with a
    /// resourceVersion placeholder of that many digits for the writer to fill (<paramref name="placeholderDigits"/>
    /// says whether it did: 0 when the object took a path that encodes it whole). With an <paramref name="indexer"/>,
    /// <paramref name="index"/> is read off the encoder's bytes before the set goes in: the same labels and fields, from
    /// less than half the bytes (a pod's set is ~2.3 of its ~4.9 KB).
    /// </summary>
    public static byte[] Encode(ResourceType type, object model, V1ObjectMeta meta, string manager, DateTimeOffset now, int revisionDigits,
        IObjectIndexer? indexer, out int metadataEnd, out int placeholderDigits, out ObjectIndex? index)
    {
        placeholderDigits = 0;
        index = null;
        var entry = new V1ManagedFieldsEntry
        {
            Manager = manager.Length == 0 ? null : manager,
            Operation = "Update",
            ApiVersion = type.GroupVersion,
            // Second precision, as creationTimestamp and upstream's metav1.Time.
            Time = KubeTime.Time(now),
            FieldsType = "FieldsV1",
            FieldsV1 = Empty,
        };
        meta.ManagedFields = [entry];
        // The scratch bytes are copied once, into the stored array with the set spliced in; nothing encodes in between.
        var encoded = ModelCodec.EncodeForStoreScratch(model, out metadataEnd);
        if (CreatedFields.Of(encoded, type.ModelType, resetStatus: type.HasStatus, out var managedFields) is not { } owned)
        {
            meta.ManagedFields = null;
            return ModelCodec.EncodeForStore(model, out metadataEnd);
        }
        entry.FieldsV1 = owned.Boxed;
        var placeholder = encoded[managedFields].IndexOf("\"fieldsV1\":{}"u8);
        if (placeholder < 0)
        {
            // Not the shape this splice expects: the model now holds the set, so a full encode writes it.
            return ModelCodec.EncodeForStore(model, out metadataEnd);
        }
        index = indexer?.Index(type.StorageKey, encoded);
        var at = managedFields.Start.GetOffset(encoded.Length) + placeholder + "\"fieldsV1\":".Length;
        // The managedFields entry lies inside metadata, before its end: set, rest of metadata, placeholder, the rest.
        var field = revisionDigits > 0 ? RevisionStamper.PlaceholderLength(firstField: false, revisionDigits) : 0;
        var spliced = new byte[encoded.Length - 2 + owned.Json.Length + field];
        encoded[..at].CopyTo(spliced);
        owned.Json.CopyTo(spliced.AsSpan(at));
        var end = metadataEnd + owned.Json.Length - 2;
        encoded[(at + 2)..metadataEnd].CopyTo(spliced.AsSpan(at + owned.Json.Length));
        if (field > 0)
        {
            RevisionStamper.WritePlaceholder(spliced.AsSpan(end, field), firstField: false, revisionDigits);
            placeholderDigits = revisionDigits;
        }
        encoded[metadataEnd..].CopyTo(spliced.AsSpan(end + field));
        metadataEnd = end + field;
        return spliced;
    }
}
