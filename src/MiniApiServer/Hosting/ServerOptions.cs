namespace MiniApiServer.Hosting;

/// <summary>Command-line options; each is also a configuration key and an environment variable (DB, NODES, URLS).</summary>
public sealed class ServerOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static readonly string DefaultDb = Path.Combine("data", "cluster.db");

    public string Db { get; set; } = DefaultDb;

    public int Nodes { get; set; } = 3;
}
