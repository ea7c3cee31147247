namespace MiniApiServer.Storage.Sqlite;

/// <summary>
/// Counters the database owns: "revision" (the last assigned revision, read and advanced inside every write
/// transaction) and "compacted" (the log is gone at and below it).
/// </summary>
public sealed class MetaRow
{
    public const string Revision = "revision";
    public const string Compacted = "compacted";

    public string Key { get; set; } = "";
    public long Value { get; set; }
}
