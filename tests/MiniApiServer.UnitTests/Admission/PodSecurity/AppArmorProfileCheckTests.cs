using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_appArmorProfile_test.go.</summary>
public sealed class AppArmorProfileCheckTests
{
    private const string Prefix = "container.apparmor.security.beta.kubernetes.io/";

    private static CheckResult Run(V1PodSpec spec, V1ObjectMeta? metadata = null) => Version(AppArmorProfileCheck.Check, 0, spec, metadata);

    private static V1ObjectMeta Annotations(params (string Key, string Value)[] annotations) =>
        new() { Annotations = annotations.ToDictionary(a => a.Key, a => a.Value) };

    private static V1PodSecurityContext PodProfile(string type) => new() { AppArmorProfile = new V1AppArmorProfile { Type = type } };

    private static V1SecurityContext ContainerProfile(string type) => new() { AppArmorProfile = new V1AppArmorProfile { Type = type } };

    [Fact]
    public void RuntimeDefaultAnnotationAndOthers_Allowed() =>
        Allowed(Run(new V1PodSpec(), Annotations((Prefix + "test", "runtime/default"), ("env", "prod"))));

    [Fact]
    public void LocalhostAnnotationAndOthers_Allowed() =>
        Allowed(Run(new V1PodSpec(), Annotations((Prefix + "test", "localhost/sec-profile01"), ("env", "dev"))));

    [Fact]
    public void NoAppArmorAnnotations_Allowed() => Allowed(Run(new V1PodSpec(), Annotations(("env", "dev"))));

    [Fact]
    public void NoAnnotations_Allowed() => Allowed(Run(new V1PodSpec(), new V1ObjectMeta()));

    [Fact]
    public void PodRuntimeDefault_Allowed() => Allowed(Run(new V1PodSpec { SecurityContext = PodProfile("RuntimeDefault") }));

    [Fact]
    public void ContainerRuntimeDefault_Allowed() => Allowed(Run(Containers(Container("foo", ContainerProfile("RuntimeDefault")))));

    [Fact]
    public void UnconfinedPod_Forbidden() =>
        Forbidden(Run(new V1PodSpec { SecurityContext = PodProfile("Unconfined") }),
            "forbidden AppArmor profile",
            "pod must not set AppArmor profile type to \"Unconfined\"");

    [Fact]
    public void UnconfinedContainer_Forbidden()
    {
        var spec = Containers(Container("foo", ContainerProfile("Unconfined")));
        spec.SecurityContext = PodProfile("RuntimeDefault");
        Forbidden(Run(spec), "forbidden AppArmor profile", "container \"foo\" must not set AppArmor profile type to \"Unconfined\"");
    }

    [Fact]
    public void UnconfinedInitContainer_Forbidden()
    {
        var spec = Containers(Container("foo"));
        spec.SecurityContext = PodProfile("RuntimeDefault");
        spec.InitContainers = [Container("bar", ContainerProfile("Unconfined"))];
        Forbidden(Run(spec), "forbidden AppArmor profile", "container \"bar\" must not set AppArmor profile type to \"Unconfined\"");
    }

    [Fact]
    public void MultipleAnnotations_ForbiddenOnesSorted()
    {
        var metadata = Annotations(
            ("container.apparmor.security.beta.kubernetes.io/", "bogus"),
            ("container.apparmor.security.beta.kubernetes.io/a", ""),
            ("container.apparmor.security.beta.kubernetes.io/b", "runtime/default"),
            ("container.apparmor.security.beta.kubernetes.io/c", "localhost/"),
            ("container.apparmor.security.beta.kubernetes.io/d", "localhost/foo"),
            ("container.apparmor.security.beta.kubernetes.io/e", "unconfined"),
            ("container.apparmor.security.beta.kubernetes.io/f", "unknown"));
        Forbidden(Run(new V1PodSpec(), metadata),
            "forbidden AppArmor profiles",
            "annotations must not set AppArmor profile type to "
            + "\"container.apparmor.security.beta.kubernetes.io/=\"bogus\"\", "
            + "\"container.apparmor.security.beta.kubernetes.io/e=\"unconfined\"\", "
            + "\"container.apparmor.security.beta.kubernetes.io/f=\"unknown\"\"");
    }

    // Beyond upstream's cases: the pod, containers and annotations together, types before annotations, and %q's escapes.
    [Fact]
    public void PodContainersAndAnnotations_JoinedWithAnd()
    {
        var spec = Containers(Container("a", ContainerProfile("Unconfined")), Container("b", ContainerProfile("Other")));
        spec.SecurityContext = PodProfile("Unconfined");
        Forbidden(Run(spec, Annotations((Prefix + "a", "x\"y\n"))),
            "forbidden AppArmor profiles",
            "pod and containers \"a\", \"b\" and annotation must not set AppArmor profile type to "
            + "\"Other\", \"Unconfined\", \"container.apparmor.security.beta.kubernetes.io/a=\"x\\\"y\\n\"\"");
    }

    [Fact]
    public void ProfileWithoutType_ForbiddenAsEmpty() =>
        Forbidden(Run(new V1PodSpec { SecurityContext = new V1PodSecurityContext { AppArmorProfile = new V1AppArmorProfile() } }),
            "forbidden AppArmor profile",
            "pod must not set AppArmor profile type to \"\"");
}
