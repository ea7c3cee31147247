namespace MiniApiServer.UnitTests.Storage;

/// <summary>A fresh directory per test for a SQLite file and its WAL; removed afterwards.</summary>
public sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "miniapiserver-unit", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string File => System.IO.Path.Combine(Directory, "cluster.db");

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
