using MiniApiServer.Storage.Postgres;
using Npgsql;

namespace MiniApiServer.Benchmarks.Infrastructure;

/// <summary>Fresh databases on a PostgreSQL server given as an admin URI, so runs never share state.</summary>
public static class PostgresDatabases
{
    public static string Create(string adminUri, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        using (var conn = new NpgsqlConnection(PostgresConnectionString.FromUri(adminUri)))
        {
            conn.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            cmd.ExecuteNonQuery();
        }
        var uri = new Uri(adminUri);
        return new UriBuilder(uri) { Path = "/" + name }.Uri.ToString();
    }
}
