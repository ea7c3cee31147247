namespace MiniApiServer.Storage;

/// <summary>
/// Encodes a write's stored bytes once the database has assigned its revision: the revision lives inside
/// the object (metadata.resourceVersion), and only the transaction that holds the log knows it.
/// </summary>
public interface IRevisionStamper
{
    byte[] Stamp(WriteCommand command, long revision);

    /// <summary>The last state of a deleted object, re-stamped with the deletion's revision.</summary>
    byte[] StampDeleted(byte[] lastState, long revision);
}
