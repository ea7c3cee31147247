namespace MiniApiServer.Storage.Sqlite;

public sealed class ChangeRow
{
    public long Id { get; set; }
    public string Resource { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string Name { get; set; } = "";
    public int Type { get; set; }
    public long PrevRevision { get; set; }
    public long CommittedAtMs { get; set; }
    public byte[] Json { get; set; } = [];
}
