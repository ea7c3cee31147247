using System.Collections.Frozen;
using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_sysctls.go: sysctls can disable security mechanisms or reach the whole host, so only a safe subset
/// (namespaced and isolated from other pods) is allowed, which grew in 1.27, 1.29 and 1.32.
/// </summary>
public static class SysctlsCheck
{
    private static readonly string[] Allowed1Dot0 =
    [
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_unprivileged_port_start",
    ];

    private static readonly string[] Allowed1Dot27 = [.. Allowed1Dot0, "net.ipv4.ip_local_reserved_ports"];

    private static readonly string[] Allowed1Dot29 =
    [
        .. Allowed1Dot27,
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ];

    private static readonly string[] Allowed1Dot32 = [.. Allowed1Dot29, "net.ipv4.tcp_rmem", "net.ipv4.tcp_wmem"];

    public static PodSecurityCheck Check { get; } = new("sysctls", PodSecurityLevel.Baseline,
    [
        Version(0, Allowed1Dot0),
        Version(27, Allowed1Dot27),
        Version(29, Allowed1Dot29),
        Version(32, Allowed1Dot32),
    ]);

    private static VersionedCheck Version(int minimumMinor, string[] allowedNames)
    {
        var allowed = allowedNames.ToFrozenSet(StringComparer.Ordinal);
        return new VersionedCheck(minimumMinor, (_, podSpec) => Sysctls(podSpec, allowed));
    }

    private static CheckResult Sysctls(V1PodSpec podSpec, FrozenSet<string> allowed)
    {
        List<string>? forbiddenSysctls = null;
        var sysctls = podSpec.SecurityContext?.Sysctls;
        for (var i = 0; i < (sysctls?.Count ?? 0); i++)
        {
            var name = sysctls![i].Name ?? "";
            if (!allowed.Contains(name))
            {
                CheckHelpers.Add(ref forbiddenSysctls, name);
            }
        }
        return forbiddenSysctls is null ? CheckResult.Allow : CheckResult.Forbid("forbidden sysctls", string.Join(", ", forbiddenSysctls));
    }
}
