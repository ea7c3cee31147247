using static MiniApiServer.UnitTests.Csi.CsiStrategyHarness;

namespace MiniApiServer.UnitTests.Csi;

/// <summary>
/// The CSINode cases of 1.32's pkg/apis/storage/validation/validation_test.go: TestCSINodeValidation ("duplicate
/// drivers in driver specs", "invalid driver name", "invalid nodeID length", "invalid allocatable with negative
/// count", "invalid topology keys", "nodeID with no characters") and TestCSINodeUpdateValidation ("change node id for
/// existing driver", "remove a driver" and "add a driver" allowed).
/// </summary>
public sealed class CSINodeStrategyTests
{
    private static string Node(string drivers) => """{"metadata":{"name":"node-1"},"spec":{"drivers":[""" + drivers + "]}}";

    [Theory]
    [InlineData("""{"name":"io.kubernetes.storage.csi.driver","nodeID":"n"},{"name":"io.kubernetes.storage.csi.driver","nodeID":"m"}""",
        "spec.drivers[1].name: Duplicate value: \"io.kubernetes.storage.csi.driver\"")]
    [InlineData("""{"name":"$csi-driver@","nodeID":"n"}""",
        "spec.drivers[0].name: Invalid value: \"$csi-driver@\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("""{"name":"d.example.com","nodeID":""}""", "spec.drivers[0].nodeID: Required value")]
    [InlineData("""{"name":"d.example.com","nodeID":"n","allocatable":{"count":-1}}""", "spec.drivers[0].allocatable.count: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("""{"name":"d.example.com","nodeID":"n","topologyKeys":["company.com/zone","company.com/zone"]}""", "spec.drivers[0]: Duplicate value: \"company.com/zone\"")]
    public void InvalidDriver_IsRefused_WithUpstreamsCause(string drivers, string cause)
    {
        var (_, causes) = Create("csinodes", Node(drivers));

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void EmptyTopologyKey_IsRequiredAndNotAQualifiedName_OnTheDriversPath()
    {
        var (_, causes) = Create("csinodes", Node("""{"name":"d.example.com","nodeID":"n","topologyKeys":[""]}"""));

        Assert.Equal("spec.drivers[0]: Required value", causes[0]);
        Assert.All(causes, c => Assert.StartsWith("spec.drivers[0]: ", c));
    }

    [Fact]
    public void NodeId_MayBe192Characters_Or256_OnlyWhenTheStoredNodeHadALongerOne()
    {
        var (_, tooLong) = Create("csinodes", Node($$"""{"name":"d.example.com","nodeID":"{{new string('a', 193)}}"}"""));
        Assert.Equal(["spec.drivers[0].nodeID: Invalid value: \"" + new string('a', 193) + "\": must be 192 characters or less"], tooLong);

        var old = System.Text.Json.Nodes.JsonNode.Parse(Node($$"""{"name":"d.example.com","nodeID":"{{new string('a', 200)}}"}"""))!.AsObject();
        var (_, allowed) = Update("csinodes", Node($$"""{"name":"d.example.com","nodeID":"{{new string('a', 200)}}"},{"name":"e.example.com","nodeID":"{{new string('b', 250)}}"}"""), old);
        Assert.Empty(allowed);
    }

    [Fact]
    public void RegisteredDriver_MayNotChange_ButDriversMayComeAndGo()
    {
        var (old, _) = Create("csinodes", Node("""{"name":"a.example.com","nodeID":"n1","topologyKeys":["zone"]},{"name":"b.example.com","nodeID":"n1"}"""));

        var (_, changed) = Update("csinodes", Node("""{"name":"a.example.com","nodeID":"n2","topologyKeys":["zone"]}"""), old);
        var (_, replaced) = Update("csinodes", Node("""{"name":"b.example.com","nodeID":"n1"},{"name":"c.example.com","nodeID":"n1"}"""), old);

        Assert.Equal(["CSINodeDriver: Invalid value: storage.CSINodeDriver{Name:\"a.example.com\", NodeID:\"n2\", TopologyKeys:[]string{\"zone\"}, Allocatable:(*storage.VolumeNodeResources)(nil)}: field is immutable"], changed);
        Assert.Empty(replaced);
    }
}
