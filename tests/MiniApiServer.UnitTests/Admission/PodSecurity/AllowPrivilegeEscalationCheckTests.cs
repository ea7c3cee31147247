using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_allowPrivilegeEscalation_test.go.</summary>
public sealed class AllowPrivilegeEscalationCheckTests
{
    private static V1PodSpec MultipleContainers() => Containers(
        Container("a"),
        Container("b", new V1SecurityContext { AllowPrivilegeEscalation = null }),
        Container("c", new V1SecurityContext { AllowPrivilegeEscalation = true }),
        Container("d", new V1SecurityContext { AllowPrivilegeEscalation = false }));

    [Theory]
    [InlineData(8)]
    [InlineData(25)]
    public void MultipleContainers_ListsThoseNotSettingFalse(int minor) =>
        Forbidden(Version(AllowPrivilegeEscalationCheck.Check, minor, MultipleContainers()),
            "allowPrivilegeEscalation != false",
            "containers \"a\", \"b\", \"c\" must set securityContext.allowPrivilegeEscalation=false");

    [Fact]
    public void WindowsPod_AdmittedWithoutCheckingFrom1Dot25() => Allowed(Version(AllowPrivilegeEscalationCheck.Check, 25, OnOs("windows")));

    [Theory]
    [InlineData(8, "windows")]
    [InlineData(25, "linux")]
    public void OtherPods_RejectedWithoutSecurityContext(int minor, string os) =>
        Forbidden(Version(AllowPrivilegeEscalationCheck.Check, minor, OnOs(os)),
            "allowPrivilegeEscalation != false",
            "container \"a\" must set securityContext.allowPrivilegeEscalation=false");
}
