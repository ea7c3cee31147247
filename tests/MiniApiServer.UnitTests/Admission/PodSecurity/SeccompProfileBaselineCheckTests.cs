using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_seccompProfile_baseline_test.go.</summary>
public sealed class SeccompProfileBaselineCheckTests
{
    private static V1ObjectMeta Annotations(params (string Key, string Value)[] annotations) =>
        new() { Annotations = annotations.ToDictionary(a => a.Key, a => a.Value) };

    private static V1SecurityContext Profile(string type) => new() { SeccompProfile = new V1SeccompProfile { Type = type } };

    private static V1PodSpec Pod(string podType, params V1Container[] containers)
    {
        var spec = Containers(containers);
        spec.SecurityContext = new V1PodSecurityContext { SeccompProfile = new V1SeccompProfile { Type = podType } };
        return spec;
    }

    private static V1Container[] SixContainers() =>
    [
        Container("a"),
        Container("b", new V1SecurityContext()),
        Container("c", Profile("Unconfined")),
        Container("d", Profile("Unconfined")),
        Container("e", Profile("RuntimeDefault")),
        Container("f", Profile("RuntimeDefault")),
    ];

    [Fact]
    public void Annotations_PodSeccompInvalid() =>
        Forbidden(Version(SeccompProfileBaselineCheck.Check, 0, new V1PodSpec(), Annotations(("seccomp.security.alpha.kubernetes.io/pod", "unconfined"))),
            "seccompProfile",
            "forbidden annotation seccomp.security.alpha.kubernetes.io/pod=\"unconfined\"");

    [Fact]
    public void Annotations_ContainersSeccompInvalid() =>
        Forbidden(Version(SeccompProfileBaselineCheck.Check, 0, Containers(Container("a"), Container("b"), Container("c")), Annotations(
                ("container.seccomp.security.alpha.kubernetes.io/a", "unconfined"),
                ("container.seccomp.security.alpha.kubernetes.io/b", "unknown"))),
            "seccompProfile",
            "forbidden annotations container.seccomp.security.alpha.kubernetes.io/a=\"unconfined\", container.seccomp.security.alpha.kubernetes.io/b=\"unknown\"");

    [Fact]
    public void Annotations_PodAndContainersSeccompInvalid() =>
        Forbidden(Version(SeccompProfileBaselineCheck.Check, 0, Containers(Container("a"), Container("b"), Container("c")), Annotations(
                ("seccomp.security.alpha.kubernetes.io/pod", "unconfined"),
                ("container.seccomp.security.alpha.kubernetes.io/a", "unconfined"),
                ("container.seccomp.security.alpha.kubernetes.io/b", "unknown"))),
            "seccompProfile",
            "forbidden annotations container.seccomp.security.alpha.kubernetes.io/a=\"unconfined\", container.seccomp.security.alpha.kubernetes.io/b=\"unknown\", seccomp.security.alpha.kubernetes.io/pod=\"unconfined\"");

    [Fact]
    public void Field_PodSeccompInvalid() =>
        Forbidden(Version(SeccompProfileBaselineCheck.Check, 19, Pod("Unconfined", Container("a"))),
            "seccompProfile",
            "pod must not set securityContext.seccompProfile.type to \"Unconfined\"");

    [Fact]
    public void Field_ContainersSeccompInvalid() =>
        Forbidden(Version(SeccompProfileBaselineCheck.Check, 19, Pod("RuntimeDefault", SixContainers())),
            "seccompProfile",
            "containers \"c\", \"d\" must not set securityContext.seccompProfile.type to \"Unconfined\"");

    [Fact]
    public void Field_PodAndContainersSeccompInvalid() =>
        Forbidden(Version(SeccompProfileBaselineCheck.Check, 19, Pod("Unconfined", SixContainers())),
            "seccompProfile",
            "pod and containers \"c\", \"d\" must not set securityContext.seccompProfile.type to \"Unconfined\"");

    // Beyond upstream's cases: the allowed annotation values, an annotation for a container the pod lacks, and the
    // 1.19 version ignoring annotations.
    [Fact]
    public void Annotations_AllowedValuesAndUnknownContainers() =>
        Allowed(Version(SeccompProfileBaselineCheck.Check, 0, Containers(Container("a"), Container("b"), Container("c")), Annotations(
            ("seccomp.security.alpha.kubernetes.io/pod", "runtime/default"),
            ("container.seccomp.security.alpha.kubernetes.io/a", "docker/default"),
            ("container.seccomp.security.alpha.kubernetes.io/b", "localhost/profile.json"),
            ("container.seccomp.security.alpha.kubernetes.io/z", "unconfined"))));

    [Fact]
    public void Field_AnnotationsIgnoredFrom1Dot19() =>
        Allowed(Version(SeccompProfileBaselineCheck.Check, 19, new V1PodSpec(), Annotations(("seccomp.security.alpha.kubernetes.io/pod", "unconfined"))));
}
