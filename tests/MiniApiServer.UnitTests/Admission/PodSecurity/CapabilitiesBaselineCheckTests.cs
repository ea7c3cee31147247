using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_capabilities_baseline_test.go.</summary>
public sealed class CapabilitiesBaselineCheckTests
{
    private static V1SecurityContext Adding(params string[] added) => new() { Capabilities = new V1Capabilities { Add = added } };

    [Fact]
    public void MultipleContainers_CapabilitiesSortedOnce() =>
        Forbidden(Version(CapabilitiesBaselineCheck.Check, 0, Containers(Container("a", Adding("FOO", "BAR")), Container("b", Adding("BAR", "BAZ")))),
            "non-default capabilities",
            "containers \"a\", \"b\" must not include \"BAR\", \"BAZ\", \"FOO\" in securityContext.capabilities.add");

    // Beyond upstream's cases: the default set passes, and sets.String sorts by UTF-8 bytes, where U+FF21 comes before U+1F600.
    [Fact]
    public void DefaultSet_Allowed() =>
        Allowed(Version(CapabilitiesBaselineCheck.Check, 0, Containers(Container("a", Adding("CHOWN", "NET_BIND_SERVICE", "SYS_CHROOT")))));

    [Fact]
    public void Sorting_FollowsUtf8ByteOrder() =>
        Forbidden(Version(CapabilitiesBaselineCheck.Check, 0, Containers(Container("a", Adding("\U0001F600", "\uFF21")))),
            "non-default capabilities",
            "container \"a\" must not include \"\uFF21\", \"\U0001F600\" in securityContext.capabilities.add");
}
