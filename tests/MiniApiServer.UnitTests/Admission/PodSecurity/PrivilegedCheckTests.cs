using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_privileged_test.go, and visitor.go's order of containers.</summary>
public sealed class PrivilegedCheckTests
{
    private static V1SecurityContext Privileged(bool? privileged) => new() { Privileged = privileged };

    [Fact]
    public void Privileged_OnlyTrueCounts() =>
        Forbidden(Version(PrivilegedCheck.Check, 0, Containers(
                Container("a"),
                Container("b", new V1SecurityContext()),
                Container("c", Privileged(false)),
                Container("d", Privileged(true)),
                Container("e", Privileged(true)))),
            "privileged",
            "containers \"d\", \"e\" must not set securityContext.privileged=true");

    // Beyond upstream's cases: init containers, then containers, then ephemeral containers, whatever their names.
    [Fact]
    public void Containers_VisitedInitThenRegularThenEphemeral()
    {
        var spec = Containers(Container("b", Privileged(true)));
        spec.InitContainers = [Container("c", Privileged(true))];
        spec.EphemeralContainers = [new V1EphemeralContainer { Name = "a", SecurityContext = Privileged(true) }];
        Forbidden(Version(PrivilegedCheck.Check, 0, spec), "privileged", "containers \"c\", \"b\", \"a\" must not set securityContext.privileged=true");
    }

    [Fact]
    public void NoContainers_Allowed() => Allowed(Version(PrivilegedCheck.Check, 0, new V1PodSpec()));
}
