using System.Globalization;

namespace MiniApiServer.Pipeline;

/// <summary>
/// kube-apiserver's log backend flags (k8s.io/apiserver/pkg/server/options/audit.go): --audit-log-path ("-" is standard
/// out), --audit-log-maxage, --audit-log-maxbackup, --audit-log-maxsize and --audit-log-format.
/// </summary>
public sealed record AuditLogOptions(string? Path, int MaxAgeDays = 0, int MaxBackups = 0, int MaxSizeMegabytes = 0, bool Legacy = false)
{
    public const string StandardOut = "-";

    public static AuditLogOptions From(IConfiguration config)
    {
        var path = config["audit-log-path"] is { Length: > 0 } p ? p : config["AuditLogPath"] is { Length: > 0 } key ? key : null;
        return new AuditLogOptions(path, Count(config, "audit-log-maxage"), Count(config, "audit-log-maxbackup"), Count(config, "audit-log-maxsize"),
            config["audit-log-format"] == "legacy");
    }

    private static int Count(IConfiguration config, string key) =>
        int.TryParse(config[key], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
}
