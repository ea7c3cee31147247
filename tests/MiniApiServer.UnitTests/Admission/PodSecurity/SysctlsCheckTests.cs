using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_sysctls_test.go: each version allows what it added and forbids what later versions add.</summary>
public sealed class SysctlsCheckTests
{
    private static V1PodSpec Sysctls(params string[] names) =>
        new() { SecurityContext = new V1PodSecurityContext { Sysctls = [.. names.Select(n => new V1Sysctl { Name = n, Value = "1" })] } };

    [Theory]
    [InlineData(0)]
    [InlineData(27)]
    [InlineData(29)]
    [InlineData(32)]
    public void ForbiddenSysctls_InTheirOrder(int minor) =>
        Forbidden(Version(SysctlsCheck.Check, minor, Sysctls("a", "b")), "forbidden sysctls", "a, b");

    [Theory]
    [InlineData(0, "net.ipv4.ip_local_reserved_ports")]
    [InlineData(0, "net.ipv4.tcp_keepalive_time")]
    [InlineData(0, "net.ipv4.tcp_fin_timeout")]
    [InlineData(0, "net.ipv4.tcp_keepalive_intvl")]
    [InlineData(0, "net.ipv4.tcp_keepalive_probes")]
    [InlineData(0, "net.ipv4.tcp_rmem")]
    [InlineData(0, "net.ipv4.tcp_wmem")]
    public void NewerSysctls_Forbidden(int minor, string name) =>
        Forbidden(Version(SysctlsCheck.Check, minor, Sysctls(name)), "forbidden sysctls", name);

    [Theory]
    [InlineData(27, "net.ipv4.ip_local_reserved_ports")]
    [InlineData(29, "net.ipv4.tcp_keepalive_time")]
    [InlineData(29, "net.ipv4.tcp_fin_timeout")]
    [InlineData(29, "net.ipv4.tcp_keepalive_intvl")]
    [InlineData(29, "net.ipv4.tcp_keepalive_probes")]
    [InlineData(32, "net.ipv4.tcp_rmem")]
    [InlineData(32, "net.ipv4.tcp_wmem")]
    public void SysctlsAddedByAVersion_Allowed(int minor, string name) => Allowed(Version(SysctlsCheck.Check, minor, Sysctls(name)));

    // Beyond upstream's cases: a later version keeps what earlier ones allowed, and a name repeats as often as it is set.
    [Fact]
    public void EarlierSysctls_AllowedLater() =>
        Allowed(Version(SysctlsCheck.Check, 32, Sysctls("kernel.shm_rmid_forced", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_fin_timeout")));

    [Fact]
    public void RepeatedForbiddenSysctl_ListedEachTime() =>
        Forbidden(Version(SysctlsCheck.Check, 32, Sysctls("kernel.msgmax", "net.ipv4.tcp_rmem", "kernel.msgmax")), "forbidden sysctls", "kernel.msgmax, kernel.msgmax");
}
