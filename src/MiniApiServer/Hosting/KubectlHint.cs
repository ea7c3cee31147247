using MiniApiServer.Security;

namespace MiniApiServer.Hosting;

/// <summary>
/// The banner's "try:" command, which must work when pasted. Over HTTPS, `kubectl --server https://…` alone makes
/// kubectl ask for a username (it has no CA and no credentials), so a --tls-self-signed server hints at its own
/// kubeconfig subcommand, which writes both.
/// </summary>
public static class KubectlHint
{
    public const string KubeconfigFile = "mini.kubeconfig";

    public static string For(string url, SecurityOptions security, string databasePath)
    {
        if (security.TlsSelfSigned)
        {
            return $"{ServerCommand()} kubeconfig --server {Quote(LoopbackUrl(url))} --db {Quote(MiniApiServer.Storage.Postgres.PostgresConnectionString.Display(databasePath))} --out {KubeconfigFile}"
                + $" && kubectl --kubeconfig {KubeconfigFile} get nodes";
        }
        var credentials = (security.TlsEnabled ? " --certificate-authority CA.crt" : "") + (security.AuthenticationEnabled ? " --token TOKEN" : "");
        return $"kubectl --server {url}{credentials} get nodes";
    }

    /// <summary>How this binary was started: `dotnet path/MiniApiServer.dll`, or the apphost itself.</summary>
    private static string ServerCommand()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? $"dotnet {Quote(typeof(KubectlHint).Assembly.Location)}"
            : Quote(process);
    }

    /// <summary>The self-signed certificate names 127.0.0.1 and localhost only, so a wildcard listener is reached on loopback.</summary>
    private static string LoopbackUrl(string url)
    {
        var address = BindingAddress.Parse(url);
        return address.Host is "0.0.0.0" or "[::]" or "*" or "+"
            ? $"{address.Scheme}://127.0.0.1:{address.Port}"
            : url.TrimEnd('/');
    }

    private static string Quote(string word) =>
        word.All(c => char.IsAsciiLetterOrDigit(c) || "/._:-=@+,".Contains(c)) ? word : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
