using System.Net;
using System.Net.Sockets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.FirstUse;

/// <summary>What a newcomer sees from the real server binary for --help, a mistyped option, a taken port and a bad database path.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public async Task Help_PrintsTheOptions_ExitsZero_AndCreatesNothing()
    {
        var cwd = ServerCli.NewDirectory();

        var (exit, stdout, stderr) = await ServerCli.ServerAsync(cwd, "--help");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Contains("  --urls URL ", stdout, StringComparison.Ordinal);
        Assert.Contains("  --db PATH ", stdout, StringComparison.Ordinal);
        Assert.Contains("  --nodes N ", stdout, StringComparison.Ordinal);
        Assert.Contains("  --reset ", stdout, StringComparison.Ordinal);
        Assert.Contains("  --tls-self-signed ", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd));
    }

    [Fact]
    public async Task UnknownOption_ExitsTwo_WithOneLine()
    {
        var cwd = ServerCli.NewDirectory();

        var (exit, stdout, stderr) = await ServerCli.ServerAsync(cwd, "--port", "9090");

        Assert.Equal(2, exit);
        Assert.Equal("unknown option --port (see --help)\n", stderr);
        Assert.Equal("", stdout);
        Assert.Empty(Directory.EnumerateFileSystemEntries(cwd));
    }

    [Fact]
    public async Task NodesNotANumber_ExitsTwo_WithOneLine_NoStackTrace()
    {
        var cwd = ServerCli.NewDirectory();

        var (exit, stdout, stderr) = await ServerCli.ServerAsync(cwd, "--nodes", "abc");

        Assert.Equal(2, exit);
        Assert.Equal("invalid value \"abc\" for --nodes: must be a whole number, 0 or more\n", stderr);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task AnInvalidAuditPolicy_ExitsTwo_NamingTheRule()
    {
        var cwd = ServerCli.NewDirectory();
        var policy = Path.Combine(cwd, "policy.yaml");
        await File.WriteAllTextAsync(policy, "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Loud\n- level: Metadata\n  omitStages: [Sometime]\n");

        var (exit, _, stderr) = await ServerCli.ServerAsync(cwd, "--audit-policy-file", policy);

        Assert.Equal(2, exit);
        Assert.Equal($"invalid value \"{policy}\" for --audit-policy-file: {policy}: rules[0].level: Unsupported value: \"Loud\"; "
            + "rules[1].omitStages: Unsupported value: \"Sometime\": supported values: \"RequestReceived\", \"ResponseStarted\", \"ResponseComplete\", \"Panic\"\n", stderr);
    }

    [Fact]
    public async Task PortInUse_ExitsOne_WithOneLineNamingTheUrl_AndTouchesNoDatabase()
    {
        var cwd = ServerCli.NewDirectory();
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)holder.LocalEndpoint).Port}";

        var (exit, stdout, stderr) = await ServerCli.ServerAsync(cwd, "--urls", url, "--db", "data/cluster.db", "--nodes", "0");

        Assert.Equal(1, exit);
        Assert.Equal($"cannot listen on {url}: address already in use (choose another with --urls)\n", stderr);
        Assert.Equal("", stdout);
        Assert.False(Directory.Exists(Path.Combine(cwd, "data")), "nothing is created for a server that cannot listen");
    }

    [Fact]
    public async Task DatabaseUnderAFile_ExitsOne_NamingThePathAndTheReason()
    {
        var cwd = ServerCli.NewDirectory();
        await File.WriteAllTextAsync(Path.Combine(cwd, "notes"), "a file, not a folder");
        var db = Path.Combine(cwd, "notes", "cluster.db");

        var (exit, _, stderr) = await ServerCli.ServerAsync(cwd, "--urls", "http://127.0.0.1:0", "--db", db, "--nodes", "0");

        Assert.Equal(1, exit);
        Assert.Equal($"cannot open database {db}: {Path.Combine(cwd, "notes")} is a file, not a directory\n", stderr);
    }

    [Fact]
    public async Task DatabasePathIsADirectory_ExitsOne_NamingThePathAndTheReason()
    {
        var cwd = ServerCli.NewDirectory();
        var db = Path.Combine(cwd, "cluster.db");
        Directory.CreateDirectory(db);

        var (exit, _, stderr) = await ServerCli.ServerAsync(cwd, "--urls", "http://127.0.0.1:0", "--db", db, "--nodes", "0");

        Assert.Equal(1, exit);
        Assert.Equal($"cannot open database {db}: it is a directory\n", stderr);
    }

    [Fact]
    public async Task RootCaFileWithoutACertificate_ExitsOne_NamingTheFlagAndTheFile()
    {
        var cwd = ServerCli.NewDirectory();
        var bundle = Path.Combine(cwd, "ca.pem");
        await File.WriteAllTextAsync(bundle, "not a certificate\n");

        var (exit, _, stderr) = await ServerCli.ServerAsync(cwd, "--urls", "http://127.0.0.1:0", "--db", "data/cluster.db", "--nodes", "0", "--root-ca-file", bundle);

        Assert.Equal(1, exit);
        Assert.Equal($"--root-ca-file {bundle}: no PEM certificate in it\n", stderr);
    }
}
