using System.Text;

namespace MiniApiServer.Security;

/// <summary>
/// `kubeconfig [--server URL] [--db PATH] [--user admin] [--out FILE]`: a kubeconfig for a server started
/// with --tls-self-signed on the same data folder: its CA, and a system:masters token from tokens.csv
/// (added there if the user has none; the running server picks it up on the next request).
/// </summary>
public static class KubeconfigCommand
{
    public static int Run(string[] args)
    {
        string server = SecurityOptions.DefaultTlsUrl, db = Hosting.ServerOptions.DefaultDb, user = "admin";
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--server" when value is not null: server = value; i++; break;
                case "--db" when value is not null: db = value; i++; break;
                case "--user" when value is not null: user = value; i++; break;
                case "--out" when value is not null: output = value; i++; break;
                default:
                    Console.Error.WriteLine($"unknown or incomplete argument {args[i]}; usage: kubeconfig [--server URL] [--db PATH] [--user NAME] [--out FILE]");
                    return 2;
            }
        }
        var data = SecurityOptions.DataDirectory(db);
        var caFile = Path.Combine(data, SelfSignedCertificates.CaCertFile);
        if (!File.Exists(caFile))
        {
            Console.Error.WriteLine($"{caFile} not found: start the server once with --tls-self-signed --db {db}");
            return 1;
        }
        var token = TokenFile.EnsureUser(Path.Combine(data, SecurityOptions.TokensFileName), user);
        var ca = Convert.ToBase64String(File.ReadAllBytes(caFile));
        var text = $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: miniapiserver
              cluster:
                server: {server}
                certificate-authority-data: {ca}
            users:
            - name: {user}
              user:
                token: {token}
            contexts:
            - name: {user}@miniapiserver
              context:
                cluster: miniapiserver
                user: {user}
                namespace: default
            current-context: {user}@miniapiserver

            """;
        if (output is null)
        {
            Console.Out.Write(text);
        }
        else
        {
            File.WriteAllText(output, text, new UTF8Encoding(false));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
        return 0;
    }
}
