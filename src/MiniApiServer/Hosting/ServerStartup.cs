using Microsoft.AspNetCore.Connections;
using MiniApiServer.Hosting.CommandLine;
using MiniApiServer.Storage;
using MiniApiServer.Storage.Sqlite;

namespace MiniApiServer.Hosting;

/// <summary>
/// Builds and runs the server. Whatever stops it from starting (an option value, the database, the port) ends the
/// process with one line on stderr and exit code 1, not a stack trace in the middle of the host's shutdown logs.
/// </summary>
public static class ServerStartup
{
    public static async Task<int> RunAsync(ParsedCommandLine commandLine)
    {
        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions
            {
                Args = commandLine.ConfigurationArgs,
                // appsettings.json sits next to the binary; the current directory is the user's, for relative paths.
                ContentRootPath = commandLine.ConfigurationArgs.Any(a => a.StartsWith("--contentRoot=", StringComparison.OrdinalIgnoreCase)) ? null : AppContext.BaseDirectory,
            });
            builder.AddMiniApiServer();
            app = builder.Build();
            if (ListenPreflight.FirstInUse(app.Configuration["urls"] ?? ServerOptions.DefaultUrl) is { } taken)
            {
                // Before the database is touched: a server that cannot listen leaves nothing behind.
                Console.Error.WriteLine(ListenPreflight.InUseMessage(taken));
                return 1;
            }
            if (commandLine.Reset)
            {
                Reset(app);
            }
            // Opened before the host starts, so that a database owned by another server is one line, not a host failure.
            app.Services.GetRequiredService<ObjectStore>();
        }
        catch (Exception ex) when (IsStartupError(ex))
        {
            Console.Error.WriteLine(Describe(ex));
            return 1;
        }
        app.UseMiniApiServer();
        try
        {
            await app.RunAsync().ConfigureAwait(false);
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            // Another process took the port between the preflight and Kestrel's bind.
            Console.Error.WriteLine(ListenPreflight.InUseMessage(BoundUrl(ex.Message) ?? app.Configuration["urls"] ?? ServerOptions.DefaultUrl));
            return 1;
        }
        return 0;
    }

    private static void Reset(WebApplication app)
    {
        var db = app.Services.GetRequiredService<ServerOptions>().Db;
        if (Storage.Postgres.PostgresConnectionString.IsPostgres(db))
        {
            throw new ArgumentException("--reset deletes a SQLite file; it does not drop a PostgreSQL database");
        }
        if (SqliteDatabaseFiles.Delete(db))
        {
            app.Logger.LogWarning("--reset: deleted the database {Db}; starting empty", Path.GetFullPath(db));
        }
    }

    private static bool IsStartupError(Exception ex) =>
        ex is DatabaseInUseException or StorageUnavailableException
        || (ex is ArgumentException && ex.Message.StartsWith("--", StringComparison.Ordinal))
        // Configuration binding of a value that is not of the option's type (e.g. NODES=abc in the environment).
        || (ex is InvalidOperationException && ex.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        || (ex is InvalidOperationException && ex.Message.StartsWith("--", StringComparison.Ordinal));

    private static string Describe(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    /// <summary>Kestrel's message is "Failed to bind to address URL: address already in use."</summary>
    private static string? BoundUrl(string message)
    {
        const string prefix = "Failed to bind to address ";
        var start = message.IndexOf(prefix, StringComparison.Ordinal);
        var end = message.IndexOf(": address already in use", StringComparison.Ordinal);
        return start >= 0 && end > start ? message[(start + prefix.Length)..end] : null;
    }
}
