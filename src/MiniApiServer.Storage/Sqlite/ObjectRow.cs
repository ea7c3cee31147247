namespace MiniApiServer.Storage.Sqlite;

public sealed class ObjectRow
{
    public string Resource { get; set; } = "";
    public string Namespace { get; set; } = "";
    public string Name { get; set; } = "";
    public long Revision { get; set; }
    public byte[] Json { get; set; } = [];
}
