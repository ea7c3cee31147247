using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_seccompProfile_restricted_test.go: its 1.19 cases run on both versions, its 1.25-only ones on 1.25.</summary>
public sealed class SeccompProfileRestrictedCheckTests
{
    private static V1SecurityContext Profile(string type) => new() { SeccompProfile = new V1SeccompProfile { Type = type } };

    private static V1PodSpec Pod(string? podType, params V1Container[] containers)
    {
        var spec = Containers(containers);
        spec.SecurityContext = podType is null ? null : new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = podType } };
        return spec;
    }

    [Theory]
    [InlineData(19)]
    [InlineData(25)]
    public void NoExplicitSeccomp(int minor) =>
        Forbidden(Version(SeccompProfileRestrictedCheck.Check, minor, Containers(Container("a"))),
            "seccompProfile",
            "pod or container \"a\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");

    [Fact]
    public void NoExplicitSeccomp_WindowsPod() => Allowed(Version(SeccompProfileRestrictedCheck.Check, 25, OnOs("windows")));

    [Theory]
    [InlineData(25, "linux")]
    [InlineData(19, "windows")]
    public void NoExplicitSeccomp_OtherPods(int minor, string os) =>
        Forbidden(Version(SeccompProfileRestrictedCheck.Check, minor, OnOs(os)),
            "seccompProfile",
            "pod or container \"a\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");

    [Theory]
    [InlineData(19)]
    [InlineData(25)]
    public void PodSeccompInvalid(int minor) =>
        Forbidden(Version(SeccompProfileRestrictedCheck.Check, minor, Pod("Unconfined", Container("a"))),
            "seccompProfile",
            "pod must not set securityContext.seccompProfile.type to \"Unconfined\"");

    [Theory]
    [InlineData(19)]
    [InlineData(25)]
    public void ContainersSeccompInvalid(int minor) =>
        Forbidden(Version(SeccompProfileRestrictedCheck.Check, minor, Pod("RuntimeDefault",
                Container("a"),
                Container("b", new V1SecurityContext()),
                Container("c", Profile("Unconfined")),
                Container("d", Profile("Unconfined")),
                Container("e", Profile("RuntimeDefault")),
                Container("f", Profile("RuntimeDefault")))),
            "seccompProfile",
            "containers \"c\", \"d\" must not set securityContext.seccompProfile.type to \"Unconfined\"");

    [Theory]
    [InlineData(19)]
    [InlineData(25)]
    public void PodNil_ContainerFallthrough(int minor) =>
        Forbidden(Version(SeccompProfileRestrictedCheck.Check, minor, Pod(null,
                Container("a"),
                Container("b", new V1SecurityContext()),
                Container("d", Profile("RuntimeDefault")),
                Container("e", Profile("RuntimeDefault")))),
            "seccompProfile",
            "pod or containers \"a\", \"b\" must set securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\"");

    // Beyond upstream's cases: a valid pod profile covers every container.
    [Fact]
    public void PodLocalhost_Allowed() => Allowed(Version(SeccompProfileRestrictedCheck.Check, 25, Pod("Localhost", Container("a"))));
}
