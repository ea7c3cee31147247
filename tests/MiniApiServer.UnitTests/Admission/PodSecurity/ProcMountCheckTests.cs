using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_procMount_test.go (its relaxed case is in <see cref="UserNamespaceRelaxationTests"/>).</summary>
public sealed class ProcMountCheckTests
{
    internal static V1PodSpec ProcMounts()
    {
        var spec = Containers(
            Container("a"),
            Container("b", new V1SecurityContext()),
            Container("c", new V1SecurityContext { ProcMount = "Default" }),
            Container("d", new V1SecurityContext { ProcMount = "Unmasked" }),
            Container("e", new V1SecurityContext { ProcMount = "other" }));
        spec.HostUsers = false;
        return spec;
    }

    [Fact]
    public void ProcMount_NonDefaultForbiddenEvenWithoutHostUsers() =>
        Forbidden(Version(ProcMountCheck.Check, 0, ProcMounts()),
            "procMount",
            "containers \"d\", \"e\" must not set securityContext.procMount to \"Unmasked\", \"other\"");
}
