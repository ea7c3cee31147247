using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_hostPathVolumes_test.go.</summary>
public sealed class HostPathVolumesCheckTests
{
    private static V1PodSpec Volumes(params V1Volume[] volumes) => new() { Volumes = volumes };

    private static V1Volume HostPath(string name) => new() { Name = name, HostPath = new V1HostPathVolumeSource() };

    [Fact]
    public void HostPathVolumes_Listed() =>
        Forbidden(Version(HostPathVolumesCheck.Check, 0, Volumes(HostPath("a"), HostPath("b"), new V1Volume { Name = "c", EmptyDir = new V1EmptyDirVolumeSource() })),
            "hostPath volumes",
            "volumes \"a\", \"b\"");

    // Beyond upstream's cases: one volume is named in the singular.
    [Fact]
    public void OneHostPathVolume_Singular() =>
        Forbidden(Version(HostPathVolumesCheck.Check, 0, Volumes(HostPath("data"))), "hostPath volumes", "volume \"data\"");
}
