using Npgsql;

namespace MiniApiServer.Storage.Postgres;

/// <summary>
/// `--db postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?options]`, libpq's URI form, turned into an Npgsql
/// connection string. A password left out of the URI comes from PGPASSWORD, so it need not sit on a command line.
/// </summary>
public static class PostgresConnectionString
{
    public static bool IsPostgres(string db) =>
        db.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || db.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase);

    public static string FromUri(string db)
    {
        if (!Uri.TryCreate(db, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"--db {Redact(db)}: not a postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE URI");
        }
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } name ? name : "postgres",
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }
        builder.Password = userInfo.Length > 1
            ? Uri.UnescapeDataString(userInfo[1])
            : Environment.GetEnvironmentVariable("PGPASSWORD");
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            try
            {
                builder[key switch { "sslmode" => "SSL Mode", "connect_timeout" => "Timeout", "application_name" => "Application Name", _ => key }] =
                    kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            }
            catch (ArgumentException)
            {
                throw new ArgumentException($"--db: unknown PostgreSQL option {key}");
            }
        }
        return builder.ConnectionString;
    }

    /// <summary>The URI with its password hidden, for messages and logs.</summary>
    public static string Redact(string db) =>
        Uri.TryCreate(db, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? db.Replace(uri.UserInfo, uri.UserInfo.Split(':')[0] + ":***", StringComparison.Ordinal)
            : db;

    /// <summary>The URI as it may be shown or printed in a command: the password left out (PGPASSWORD supplies it).</summary>
    public static string WithoutPassword(string db) =>
        Uri.TryCreate(db, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal)
            ? db.Replace(uri.UserInfo + "@", uri.UserInfo.Split(':')[0] + "@", StringComparison.Ordinal)
            : db;

    /// <summary>How the banner and hints name a --db: a PostgreSQL URI without its password, a file by its full path.</summary>
    public static string Display(string db) => IsPostgres(db) ? WithoutPassword(db) : Path.GetFullPath(db);
}
