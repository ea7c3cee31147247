using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_seLinuxOptions_test.go, which runs version 1.31.</summary>
public sealed class SeLinuxOptionsCheckTests
{
    private static V1Container WithOptions(string name, string? type = null, string? user = null, string? role = null) =>
        Container(name, new V1SecurityContext { SeLinuxOptions = new V1SELinuxOptions { Type = type, User = user, Role = role } });

    private static V1Container[] AllowedTypes() =>
    [
        WithOptions("a", "container_t"),
        WithOptions("b", "container_init_t"),
        WithOptions("c", "container_kvm_t"),
        WithOptions("d", "container_engine_t"),
    ];

    private static V1Container[] BadContainers() => [WithOptions("e", "bar"), WithOptions("f", user: "bar"), WithOptions("g", role: "baz")];

    private static V1PodSpec Pod(V1SELinuxOptions? podOptions, params V1Container[] containers)
    {
        var spec = Containers(containers);
        spec.SecurityContext = new V1PodSecurityContext { SeLinuxOptions = podOptions };
        return spec;
    }

    private static V1SELinuxOptions BadPodOptions() => new() { Type = "foo", User = "bar", Role = "baz" };

    [Fact]
    public void InvalidPodAndContainers() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 31, Pod(BadPodOptions(), [.. AllowedTypes(), .. BadContainers()])),
            "seLinuxOptions",
            "pod and containers \"e\", \"f\", \"g\" set forbidden securityContext.seLinuxOptions: types \"bar\", \"foo\"; user may not be set; role may not be set");

    [Fact]
    public void InvalidPod() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 31, Pod(BadPodOptions(), AllowedTypes())),
            "seLinuxOptions",
            "pod set forbidden securityContext.seLinuxOptions: type \"foo\"; user may not be set; role may not be set");

    [Fact]
    public void InvalidContainers() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 31, Pod(new V1SELinuxOptions(), [.. AllowedTypes(), .. BadContainers()])),
            "seLinuxOptions",
            "containers \"e\", \"f\", \"g\" set forbidden securityContext.seLinuxOptions: type \"bar\"; user may not be set; role may not be set");

    [Fact]
    public void BadType() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 31, Pod(new V1SELinuxOptions { Type = "bad" })),
            "seLinuxOptions",
            "pod set forbidden securityContext.seLinuxOptions: type \"bad\"");

    [Fact]
    public void BadUser() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 31, Pod(new V1SELinuxOptions { User = "bad" })),
            "seLinuxOptions",
            "pod set forbidden securityContext.seLinuxOptions: user may not be set");

    [Fact]
    public void BadRole() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 31, Pod(new V1SELinuxOptions { Role = "bad" })),
            "seLinuxOptions",
            "pod set forbidden securityContext.seLinuxOptions: role may not be set");

    // Beyond upstream's cases: version 1.0 does not know container_engine_t, which 1.31 allows.
    [Fact]
    public void ContainerEngineType_ForbiddenBefore1Dot31() =>
        Forbidden(Version(SeLinuxOptionsCheck.Check, 0, Pod(null, AllowedTypes())),
            "seLinuxOptions",
            "container \"d\" set forbidden securityContext.seLinuxOptions: type \"container_engine_t\"");

    [Fact]
    public void AllowedTypes_AllowedFrom1Dot31() => Allowed(Version(SeLinuxOptionsCheck.Check, 31, Pod(new V1SELinuxOptions(), AllowedTypes())));
}
