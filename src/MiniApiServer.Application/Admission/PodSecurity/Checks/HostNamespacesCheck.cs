using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>policy/check_hostNamespaces.go: sharing the host's network, PID or IPC namespace must be disallowed.</summary>
public static class HostNamespacesCheck
{
    public static PodSecurityCheck Check { get; } = new("hostNamespaces", PodSecurityLevel.Baseline,
    [
        new(0, HostNamespaces1Dot0),
    ]);

    private static CheckResult HostNamespaces1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        if (podSpec.HostNetwork != true && podSpec.HostPID != true && podSpec.HostIPC != true)
        {
            return CheckResult.Allow;
        }
        List<string> hostNamespaces = [];
        if (podSpec.HostNetwork == true)
        {
            hostNamespaces.Add("hostNetwork=true");
        }
        if (podSpec.HostPID == true)
        {
            hostNamespaces.Add("hostPID=true");
        }
        if (podSpec.HostIPC == true)
        {
            hostNamespaces.Add("hostIPC=true");
        }
        return CheckResult.Forbid("host namespaces", string.Join(", ", hostNamespaces));
    }
}
