using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL from Debian's package, initialised in a temp directory as the postgres user (it
/// refuses to run as root) and listening on a free loopback port; each test gets a database of its own.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    public PostgresServer()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(Directory.Exists).Order().LastOrDefault() ?? ""
            : "";
        if (!File.Exists(Path.Combine(_bin, "pg_ctl")))
        {
            throw new InvalidOperationException("PostgreSQL is not installed (apt-get install -y postgresql); .ci/run installs it");
        }
        _dir = Path.Combine(Path.GetTempPath(), "miniapiserver-pg", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
        Run("chown", "-R", "postgres", _dir);
        Port = FreePort();
        AsPostgres($"{_bin}/initdb -D {_dir}/data -A trust -U postgres");
        AsPostgres($"{_bin}/pg_ctl -D {_dir}/data -w -o \"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1 -c fsync=on\" -l {_dir}/log start");
    }

    public int Port { get; }

    /// <summary>A fresh database, as a --db URI.</summary>
    public string NewDatabase()
    {
        var name = "t_" + Guid.NewGuid().ToString("N");
        using var conn = new NpgsqlConnection($"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false");
        conn.Open();
        using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
        cmd.ExecuteNonQuery();
        return $"postgresql://postgres@127.0.0.1:{Port}/{name}";
    }

    /// <summary>A connection to a database <see cref="NewDatabase"/> made, for tests that read the tables themselves.</summary>
    public NpgsqlConnection Connect(string databaseUri) =>
        new($"Host=127.0.0.1;Port={Port};Username=postgres;Database={new Uri(databaseUri).AbsolutePath.TrimStart('/')};Pooling=false");

    /// <summary>Stops the server as an outage would (immediate shutdown, connections dropped); <see cref="Start"/> brings it back on the same port.</summary>
    public void Stop() => AsPostgres($"{_bin}/pg_ctl -D {_dir}/data -m immediate -w stop");

    public void Start() =>
        AsPostgres($"{_bin}/pg_ctl -D {_dir}/data -w -o \"-p {Port} -k {_dir} -c listen_addresses=127.0.0.1\" -l {_dir}/log start");

    public void Dispose()
    {
        try { AsPostgres($"{_bin}/pg_ctl -D {_dir}/data -m immediate stop"); } catch (InvalidOperationException) { }
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private static void AsPostgres(string command) => Run("su", "postgres", "-c", command);

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {p.ExitCode}: {stderr.Result}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
