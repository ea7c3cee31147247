namespace MiniApiServer.Storage;

/// <summary>
/// One committed row of the durable change log, as the tailer reads it back. For a deletion,
/// <see cref="Json"/> is the object's last state stamped with the deletion's revision.
/// </summary>
public sealed record LogRow(long Revision, string Resource, string Namespace, string Name, ChangeType Type, long CommittedAtMs, byte[] Json);
