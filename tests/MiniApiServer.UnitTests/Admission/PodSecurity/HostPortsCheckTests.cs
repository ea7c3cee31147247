using k8s.Models;
using MiniApiServer.Application.Admission.PodSecurity.Checks;
using static MiniApiServer.UnitTests.Admission.PodSecurity.CheckRun;

namespace MiniApiServer.UnitTests.Admission.PodSecurity;

/// <summary>policy/check_hostPorts_test.go.</summary>
public sealed class HostPortsCheckTests
{
    private static V1Container WithHostPorts(string name, params int[] hostPorts) =>
        new() { Name = name, Ports = [.. hostPorts.Select(p => new V1ContainerPort { ContainerPort = 80, HostPort = p })] };

    [Fact]
    public void OneContainerOneHostPort() =>
        Forbidden(Version(HostPortsCheck.Check, 0, Containers(WithHostPorts("a", 0), WithHostPorts("b", 0, 20))),
            "hostPort",
            "container \"b\" uses hostPort 20");

    [Fact]
    public void MultipleContainersMultipleHostPorts() =>
        Forbidden(Version(HostPortsCheck.Check, 0, Containers(WithHostPorts("a", 0), WithHostPorts("b", 0, 10, 20), WithHostPorts("c", 0, 10, 30))),
            "hostPort",
            "containers \"b\", \"c\" use hostPorts 10, 20, 30");

    // Beyond upstream's cases: the ports sort as strings, and an ephemeral container's ports count too.
    [Fact]
    public void Ports_SortedAsText()
    {
        var spec = Containers(WithHostPorts("a", 9));
        spec.EphemeralContainers = [new V1EphemeralContainer { Name = "debug", Ports = [new V1ContainerPort { ContainerPort = 80, HostPort = 10 }] }];
        Forbidden(Version(HostPortsCheck.Check, 0, spec), "hostPort", "containers \"a\", \"debug\" use hostPorts 10, 9");
    }
}
