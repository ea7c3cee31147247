using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_runAsNonRoot_test.go (its relaxed cases are in <see cref="UserNamespaceRelaxationTests"/>).</summary>
public sealed class RunAsNonRootCheckTests
{
    private static V1SecurityContext RunAsNonRoot(bool? value) => new() { RunAsNonRoot = value };

    [Fact]
    public void NoExplicitRunAsNonRoot() =>
        Forbidden(Version(RunAsNonRootCheck.Check, 0, Containers(Container("a"))),
            "runAsNonRoot != true",
            "pod or container \"a\" must set securityContext.runAsNonRoot=true");

    [Fact]
    public void PodRunAsNonRootFalse()
    {
        var spec = Containers(Container("a"));
        spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = false };
        Forbidden(Version(RunAsNonRootCheck.Check, 0, spec), "runAsNonRoot != true", "pod must not set securityContext.runAsNonRoot=false");
    }

    [Fact]
    public void ContainersRunAsNonRootFalse()
    {
        var spec = Containers(
            Container("a"),
            Container("b", new V1SecurityContext()),
            Container("c", RunAsNonRoot(false)),
            Container("d", RunAsNonRoot(false)),
            Container("e", RunAsNonRoot(true)),
            Container("f", RunAsNonRoot(true)));
        spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true };
        Forbidden(Version(RunAsNonRootCheck.Check, 0, spec), "runAsNonRoot != true", "containers \"c\", \"d\" must not set securityContext.runAsNonRoot=false");
    }

    [Fact]
    public void PodNil_ContainerFallthrough() =>
        Forbidden(Version(RunAsNonRootCheck.Check, 0, Containers(
                Container("a"),
                Container("b", new V1SecurityContext()),
                Container("d", RunAsNonRoot(true)),
                Container("e", RunAsNonRoot(true)))),
            "runAsNonRoot != true",
            "pod or containers \"a\", \"b\" must set securityContext.runAsNonRoot=true");

    // Beyond upstream's cases: an explicit false outranks the implicit ones, and the pod's true covers every container.
    [Fact]
    public void PodAndContainerFalse_JoinedWithAnd()
    {
        var spec = Containers(Container("a"), Container("b", RunAsNonRoot(false)));
        spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = false };
        Forbidden(Version(RunAsNonRootCheck.Check, 0, spec), "runAsNonRoot != true", "pod and container \"b\" must not set securityContext.runAsNonRoot=false");
    }

    [Fact]
    public void PodTrue_Allowed()
    {
        var spec = Containers(Container("a"), Container("b", new V1SecurityContext()));
        spec.SecurityContext = new V1PodSecurityContext { RunAsNonRoot = true };
        Allowed(Version(RunAsNonRootCheck.Check, 0, spec));
    }
}
