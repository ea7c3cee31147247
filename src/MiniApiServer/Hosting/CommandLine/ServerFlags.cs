using System.Globalization;

namespace MiniApiServer.Hosting.CommandLine;

/// <summary>Every flag the server accepts; --help prints them in this order and anything else is refused.</summary>
public static class ServerFlags
{
    public static readonly IReadOnlyList<ServerFlag> All =
    [
        new("urls", "URL", $"where to listen, ';'-separated (default {ServerOptions.DefaultUrl}; https://127.0.0.1:6443 with TLS)", CheckUrls),
        new("db", "PATH", "the SQLite file holding all state (default ./data/cluster.db), or postgresql://USER[:PASSWORD]@HOST[:PORT]/DATABASE"),
        new("reset", null, "delete the SQLite database first and start empty (refused while another server uses it)"),
        new("nodes", "N", "simulated nodes registered at start, node-1 ... node-N (default 3)", CheckCount),
        new("service-cluster-ip-range", "CIDR", "the IPv4 range Service cluster IPs come from (default 10.96.0.0/12)", CheckCidr),
        new("service-node-port-range", "RANGE", "the ports NodePort Services get (default 30000-32767)", CheckPortRange),
        new("log-level", "LEVEL", "Trace, Debug, Information (default), Warning, Error, Critical or None", CheckLogLevel),
        new("log-format", "FORMAT", "text (default) or json", v => v is "text" or "json" ? null : "must be text or json"),
        new("audit-log-path", "FILE", "append one audit.k8s.io/v1 Event line per write, or per request --audit-policy-file logs; - for standard out"),
        new("audit-log-maxage", "DAYS", "delete rotated audit logs older than this many days (default 0: keep them)", CheckCount),
        new("audit-log-maxbackup", "N", "keep at most this many rotated audit logs (default 0: all)", CheckCount),
        new("audit-log-maxsize", "MB", "rotate the audit log before it passes this many megabytes (default 0: 100)", CheckCount),
        new("audit-log-format", "FORMAT", "json (default) or legacy, one text line per event", v => v is "json" or "legacy" ? null : "must be json or legacy"),
        new("audit-policy-file", "FILE", "an audit.k8s.io/v1 Policy: which requests --audit-log-path records, at what level", v => Check(() => Pipeline.Audit.AuditPolicy.Load(v))),
        new("request-timeout", "SECONDS", "answer any request but a watch within this time (default 60)", CheckSeconds),
        new("token-auth-file", "FILE", "static tokens, CSV token,user,uid,\"group1,group2\""),
        new("client-ca-file", "FILE", "authenticate client certificates signed by this CA"),
        new("authorization-mode", "MODE", "RBAC (the default with authentication) or AlwaysAllow"),
        new("tls-cert-file", "FILE", "serve HTTPS with this PEM certificate (with --tls-private-key-file)"),
        new("tls-private-key-file", "FILE", "the PEM key of --tls-cert-file"),
        new("tls-self-signed", null, "generate a CA, a serving certificate and an admin token next to the database"),
        new("root-ca-file", "FILE", "the CA bundle published to every namespace as ConfigMap kube-root-ca.crt (default: --tls-self-signed's CA)"),
        new("cluster-signing-cert-file", "FILE", "the PEM CA certificate approved CSRs are signed with (default: --tls-self-signed's CA, else one made next to the database)"),
        new("cluster-signing-key-file", "FILE", "the PEM key of --cluster-signing-cert-file"),
        new("cluster-signing-duration", "DURATION", "the longest certificate the CSR signer issues (default 8760h)", CheckDuration),
    ];

    /// <summary>Sections bound from configuration; `--Section:Key value` sets one of their keys (README, Options).</summary>
    public static readonly IReadOnlyList<string> Sections = ["Controllers", "Storage", "LeaderElection", "Limits", "Watch", "Logging", "Kestrel"];

    /// <summary>
    /// Keys that are not flags but still arrive as arguments: the host's own (WebApplicationFactory passes them
    /// to the entry point) and the configuration spelling of --audit-log-path.
    /// </summary>
    public static readonly IReadOnlyList<string> HostKeys = ["environment", "contentRoot", "applicationName", "AuditLogPath"];

    private static string? CheckDuration(string value)
    {
        try
        {
            return Application.Cron.GoDuration.Parse(value) > TimeSpan.Zero ? null : "must be a positive duration such as 8760h";
        }
        catch (FormatException)
        {
            return "must be a duration such as 8760h";
        }
    }

    private static string? CheckCount(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? null : "must be a whole number, 0 or more";

    private static string? CheckCidr(string value) => Check(() => Application.Services.Ipv4Cidr.Parse(value));

    private static string? CheckPortRange(string value) => Check(() => Application.Services.ServiceNetwork.ParsePortRange(value));

    private static string? Check(Action parse)
    {
        try
        {
            parse();
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message;
        }
    }

    private static string? CheckSeconds(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? null : "must be a number of seconds above 0";

    private static string? CheckLogLevel(string value) =>
        Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) && Enum.IsDefined(level) && !int.TryParse(value, out _)
            ? null
            : "must be one of Trace, Debug, Information, Warning, Error, Critical, None";

    private static string? CheckUrls(string value)
    {
        foreach (var url in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                var address = BindingAddress.Parse(url);
                if (address.Scheme is not ("http" or "https"))
                {
                    return $"{url} is not an http:// or https:// URL";
                }
            }
            catch (FormatException)
            {
                return $"{url} is not a URL such as http://127.0.0.1:8080";
            }
        }
        return null;
    }
}
