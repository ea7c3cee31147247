using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_runAsUser_test.go (its relaxed cases are in <see cref="UserNamespaceRelaxationTests"/>).</summary>
public sealed class RunAsUserCheckTests
{
    private static V1SecurityContext RunAsUser(long value) => new() { RunAsUser = value };

    private static V1PodSpec PodRunAsUser(long? value, params V1Container[] containers)
    {
        var spec = Containers(containers);
        spec.SecurityContext = new V1PodSecurityContext { RunAsUser = value };
        return spec;
    }

    [Fact]
    public void PodRunAsUserZero() =>
        Forbidden(Version(RunAsUserCheck.Check, 23, PodRunAsUser(0, Container("a"))), "runAsUser=0", "pod must not set runAsUser=0");

    [Fact]
    public void PodRunAsUserNonZero() => Allowed(Version(RunAsUserCheck.Check, 23, PodRunAsUser(1000, Container("a"))));

    [Fact]
    public void PodRunAsUserNil() => Allowed(Version(RunAsUserCheck.Check, 23, PodRunAsUser(null, Container("a"))));

    [Fact]
    public void ContainersRunAsUserZero() =>
        Forbidden(Version(RunAsUserCheck.Check, 23, PodRunAsUser(1000,
                Container("a"),
                Container("b", new V1SecurityContext()),
                Container("c", RunAsUser(0)),
                Container("d", RunAsUser(0)),
                Container("e", RunAsUser(1)),
                Container("f", RunAsUser(1)))),
            "runAsUser=0",
            "containers \"c\", \"d\" must not set runAsUser=0");

    [Fact]
    public void ContainersRunAsUserNonZero() =>
        Allowed(Version(RunAsUserCheck.Check, 23, Containers(
            Container("c", RunAsUser(1)),
            Container("d", RunAsUser(2)),
            Container("e", RunAsUser(3)),
            Container("f", RunAsUser(4)))));
}
