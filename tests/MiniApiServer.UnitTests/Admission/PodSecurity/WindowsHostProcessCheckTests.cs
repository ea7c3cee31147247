using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_windowsHostProcess_test.go.</summary>
public sealed class WindowsHostProcessCheckTests
{
    private static V1SecurityContext HostProcess(bool? value) => new() { WindowsOptions = new V1WindowsSecurityContextOptions { HostProcess = value } };

    [Fact]
    public void HostProcess_PodAndContainers()
    {
        var spec = Containers(
            Container("a"),
            Container("b", new V1SecurityContext()),
            Container("c", HostProcess(null)),
            Container("d", HostProcess(false)),
            Container("e", HostProcess(true)),
            Container("f", HostProcess(true)));
        spec.SecurityContext = new V1PodSecurityContext { WindowsOptions = new V1WindowsSecurityContextOptions { HostProcess = true } };
        Forbidden(Version(WindowsHostProcessCheck.Check, 0, spec),
            "hostProcess",
            "pod and containers \"e\", \"f\" must not set securityContext.windowsOptions.hostProcess=true");
    }
}
