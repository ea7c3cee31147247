using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>The files of one SQLite database (the file, its WAL, its shared-memory index, the owner's pid) as a unit.</summary>
public static class SqliteDatabaseFiles
{
    public static string OwnerFile(string fullPath) => fullPath + ".owner";

    public static int? ReadOwner(string fullPath)
    {
        try
        {
            return int.TryParse(File.ReadAllText(OwnerFile(fullPath)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes the database for --reset, after taking its lock: a running server holds SQLite's exclusive lock for
    /// its whole life, so deleting under it would leave that server writing to an unlinked file.
    /// Returns whether there was a database to delete.
    /// </summary>
    public static bool Delete(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            return false;
        }
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1 }.ToString()))
        {
            try
            {
                connection.Open();
                using var lockIt = connection.CreateCommand();
                lockIt.CommandText = "BEGIN EXCLUSIVE; COMMIT;";
                lockIt.ExecuteNonQuery();
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6)
            {
                throw new DatabaseInUseException(full, ReadOwner(full), ex);
            }
            catch (SqliteException)
            {
                // Not a database SQLite can read (or a damaged one): starting fresh is exactly what the user asked for.
            }
        }
        foreach (var file in new[] { full, full + "-wal", full + "-shm", OwnerFile(full) })
        {
            File.Delete(file);
        }
        return true;
    }
}
