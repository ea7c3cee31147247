namespace MiniApiServer.Storage.Sqlite;

/// <summary>
/// An object's key and current revision. Its bytes are the log row with that revision (the log is the authority
/// and holds each version once); this row exists for the preconditions: create-if-absent through the primary
/// key, update/delete-if-revision-matches.
/// </summary>
public sealed class ObjectRow
{
    public string Resource { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string Name { get; set; } = "";
    public long Revision { get; set; }
}
