using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace MiniApiServer.Storage.Sqlite;

/// <summary>
/// Brings a database to the current schema with EF Core migrations. Release 1 created its tables with
/// EnsureCreated and kept no migration history; such a file is recognised by its tables and recorded as
/// having the first migration, which is exactly its schema, so the later ones upgrade it in place.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The migrations this build knows, found as EF Core's migrations assembly finds them.</summary>
    internal static readonly IReadOnlyList<string> Known = LoadableTypes(typeof(ClusterDbContext).Assembly)
        .Where(t => t.IsSubclassOf(typeof(Migration)) && t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(ClusterDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .Order(StringComparer.Ordinal)
        .ToList();

    // As EF Core's GetConstructibleTypes: a type that cannot load (a trimmed deployment without Npgsql, whose context and
    // migrations live in this assembly too) is skipped, not a failed start.
    private static IEnumerable<Type> LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            return ex.Types.OfType<Type>();
        }
    }

    public static void Migrate(Func<ClusterDbContext> createContext, SqliteConnection connection)
    {
        // The common start: every migration applied. Read from the history table itself, so that EF Core builds its
        // model only when there is something to migrate.
        if (IsCurrent(connection))
        {
            return;
        }
        using var db = createContext();
        if (TableExists(connection, "objects") && !TableExists(connection, "__EFMigrationsHistory"))
        {
            var history = db.GetService<IHistoryRepository>();
            var first = db.Database.GetMigrations().First();
            Execute(connection, history.GetCreateIfNotExistsScript());
            Execute(connection, history.GetInsertScript(new HistoryRow(first, ProductInfo.GetVersion())));
        }
        // Migrate also builds and diffs the model against the snapshot to warn about unmigrated changes, a third of
        // a second at every start; a database whose history already has every migration needs none of it.
        if (db.Database.GetPendingMigrations().Any())
        {
            db.Database.Migrate();
        }
    }

    /// <summary>Whether the history records every migration this build knows (a newer build's extra rows aside, as EF Core's check).</summary>
    internal static bool IsCurrent(SqliteConnection connection)
    {
        if (!TableExists(connection, "__EFMigrationsHistory"))
        {
            return false;
        }
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory";
        using var reader = cmd.ExecuteReader();
        var applied = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            applied.Add(reader.GetString(0));
        }
        return Known.Count > 0 && Known.All(applied.Contains);
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        cmd.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }
}
