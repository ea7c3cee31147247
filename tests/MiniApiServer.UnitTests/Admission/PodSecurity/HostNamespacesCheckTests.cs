using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_hostNamespaces_test.go.</summary>
public sealed class HostNamespacesCheckTests
{
    [Fact]
    public void MultipleHostNamespaces_InNetworkPidIpcOrder() =>
        Forbidden(Version(HostNamespacesCheck.Check, 0, new V1PodSpec { HostNetwork = true, HostIPC = true, HostPID = true }),
            "host namespaces",
            "hostNetwork=true, hostPID=true, hostIPC=true");

    // Beyond upstream's cases: false is as good as unset.
    [Fact]
    public void FalseOrUnset_Allowed() => Allowed(Version(HostNamespacesCheck.Check, 0, new V1PodSpec { HostNetwork = false }));
}
