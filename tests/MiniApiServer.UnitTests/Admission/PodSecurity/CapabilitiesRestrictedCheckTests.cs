using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_capabilities_restricted_test.go.</summary>
public sealed class CapabilitiesRestrictedCheckTests
{
    private static V1SecurityContext Capabilities(string[] added, string[]? dropped = null) =>
        new() { Capabilities = new V1Capabilities { Add = added, Drop = dropped } };

    [Theory]
    [InlineData(22)]
    [InlineData(25)]
    public void MultipleContainers_MissingDropAllThenForbiddenAdds(int minor) =>
        Forbidden(Version(CapabilitiesRestrictedCheck.Check, minor, Containers(
                Container("a", Capabilities(["FOO", "BAR"])),
                Container("b", Capabilities(["BAR", "BAZ"])),
                Container("c", Capabilities(["NET_BIND_SERVICE", "CHOWN"], ["ALL", "FOO"])))),
            "unrestricted capabilities",
            "containers \"a\", \"b\" must set securityContext.capabilities.drop=[\"ALL\"]; "
            + "containers \"a\", \"b\", \"c\" must not include \"BAR\", \"BAZ\", \"CHOWN\", \"FOO\" in securityContext.capabilities.add");

    [Fact]
    public void WindowsPod_AdmittedWithoutCheckingFrom1Dot25() => Allowed(Version(CapabilitiesRestrictedCheck.Check, 25, OnOs("windows")));

    [Fact]
    public void LinuxPod_RejectedWithoutSecurityContext() =>
        Forbidden(Version(CapabilitiesRestrictedCheck.Check, 25, OnOs("linux")),
            "unrestricted capabilities",
            "container \"a\" must set securityContext.capabilities.drop=[\"ALL\"]");

    // Beyond upstream's cases: dropping ALL and adding back only NET_BIND_SERVICE passes.
    [Fact]
    public void DropAllAddNetBindService_Allowed() =>
        Allowed(Version(CapabilitiesRestrictedCheck.Check, 25, Containers(Container("a", Capabilities(["NET_BIND_SERVICE"], ["ALL"])))));
}
