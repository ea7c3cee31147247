namespace MiniApiServer.Storage.Sqlite;

/// <summary>Another server owns the database file; two owners would assign revisions behind each other's back.</summary>
public sealed class DatabaseInUseException(string path, int? pid, Exception? inner = null)
    : Exception($"database {path} is in use by another MiniApiServer process" + (pid is int p ? $" (pid {p})" : ""), inner);
