using Microsoft.Data.Sqlite;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>
/// Opens the database file, creating its folder, and turns a failure into one sentence that names the path and
/// the reason: SQLite's own "Error 14: unable to open database file" names neither.
/// </summary>
public static class SqliteOpening
{
    public static SqliteConnection Open(string fullPath)
    {
        try
        {
            if (Path.GetDirectoryName(fullPath) is { Length: > 0 } dir)
            {
                Directory.CreateDirectory(dir);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Unopenable(fullPath, ex);
        }
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 1,
        }.ToString());
        try
        {
            connection.Open();
            return connection;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 14 or 8 or 10 or 26)
        {
            connection.Dispose();
            throw Unopenable(fullPath, ex);
        }
    }

    private static StorageUnavailableException Unopenable(string fullPath, Exception ex) =>
        new($"cannot open database {fullPath}: {Reason(fullPath, ex)}", ex);

    /// <summary>SQLite reports only that it failed; the file system says why.</summary>
    private static string Reason(string fullPath, Exception ex)
    {
        if (Directory.Exists(fullPath))
        {
            return "it is a directory";
        }
        for (var parent = Path.GetDirectoryName(fullPath); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return $"{parent} is a file, not a directory";
            }
            if (Directory.Exists(parent))
            {
                break;
            }
        }
        if (ex is SqliteException { SqliteErrorCode: 26 })
        {
            return "it is not a SQLite database";
        }
        try
        {
            // Only an existing file is opened: probing must not leave an empty file where the database failed to open.
            if (File.Exists(fullPath))
            {
                using (File.Open(fullPath, FileMode.Open, FileAccess.ReadWrite))
                {
                }
            }
        }
        catch (UnauthorizedAccessException)
        {
            return "permission denied";
        }
        catch (IOException io)
        {
            return io.Message;
        }
        return ex is SqliteException sqlite ? sqlite.Message : ex.Message;
    }
}
