using MiniApiServer.Storage.Postgres;
using Npgsql;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>Fresh databases on a PostgreSQL server given as an admin URI, so runs never share state.</summary>
public static class PostgresDatabases
{
    private static readonly List<(string AdminUri, string Name)> Created = [];

    public static string Create(string adminUri, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        lock (Created)
        {
            Created.Add((adminUri, name));
        }
        using (var conn = new NpgsqlConnection(PostgresConnectionString.FromUri(adminUri)))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            cmd.ExecuteNonQuery();
        }
        var uri = new Uri(adminUri);
        return new UriBuilder(uri) { Path = "/" + name }.Uri.ToString();
    }

    /// <summary>
    /// Drops every database this run created, once its servers have stopped: a throwaway cluster that kept them grew
    /// to 31 databases and 1.6 GB in one session, and runs on it stalled (docs/benchmarks.md, session 5).
    /// </summary>
    public static void DropAll()
    {
        List<(string AdminUri, string Name)> created;
        lock (Created)
        {
            created = [.. Created];
            Created.Clear();
        }
        foreach (var (adminUri, name) in created)
        {
            try
            {
                using var conn = new NpgsqlConnection(PostgresConnectionString.FromUri(adminUri));
                conn.Open();
                using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", conn);
                cmd.ExecuteNonQuery();
            }
            catch (NpgsqlException ex)
            {
                Console.Error.WriteLine($"could not drop benchmark database {name}: {ex.Message}");
            }
        }
    }
}
