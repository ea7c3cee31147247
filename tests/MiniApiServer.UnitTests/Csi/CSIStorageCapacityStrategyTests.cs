using static MiniApiServer.UnitTests.Csi.CsiStrategyHarness;

namespace MiniApiServer.UnitTests.Csi;

/// <summary>
/// The CSIStorageCapacity cases of 1.32's pkg/apis/storage/validation/validation_test.go:
/// TestValidateCSIStorageCapacity ("bad-class", "negative-capacity", "bad-topology") and
/// TestCSIStorageCapacityUpdateValidation ("change storage class", "change topology" refused, "change capacity"
/// allowed), with the strategy's allowance for label values an old object already had.
/// </summary>
public sealed class CSIStorageCapacityStrategyTests
{
    private const string Valid = """{"metadata":{"name":"csisc-1","namespace":"default"},"storageClassName":"fast","capacity":"10Gi","nodeTopology":{"matchLabels":{"topology.hostpath.csi/node":"node-1"}}}""";

    [Theory]
    [InlineData("\"storageClassName\":\"Fast_Class\"", "storageClassName: Invalid value: \"Fast_Class\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("\"storageClassName\":\"fast\",\"capacity\":\"-1Gi\"", "capacity: Invalid value: \"-1Gi\": must be greater than or equal to 0")]
    [InlineData("\"storageClassName\":\"fast\",\"nodeTopology\":{\"matchExpressions\":[{\"key\":\"zone\",\"operator\":\"In\"}]}", "nodeTopology.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    public void InvalidCapacity_IsRefused_WithUpstreamsCause(string body, string cause)
    {
        var (_, causes) = Create("csistoragecapacities", $$"""{"metadata":{"name":"c","namespace":"default"},{{body}}}""");

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void ClassAndTopology_AreImmutable_WhileTheCapacityMayChange()
    {
        var (old, _) = Create("csistoragecapacities", Valid);

        var (_, refused) = Update("csistoragecapacities", Valid.Replace("\"fast\"", "\"slow\"").Replace("node-1", "node-2"), old);
        var (_, allowed) = Update("csistoragecapacities", Valid.Replace("10Gi", "5Gi"), old);

        Assert.Equal(
        [
            "nodeTopology: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"topology.hostpath.csi/node\":\"node-2\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable",
            "storageClassName: Invalid value: \"slow\": field is immutable",
        ], refused);
        Assert.Empty(allowed);
    }

    [Fact]
    public void StoredSelectorWithABadLabelValue_MayStay_WhileANewOneIsRefused()
    {
        const string Bad = """{"metadata":{"name":"c","namespace":"default"},"storageClassName":"fast","nodeTopology":{"matchExpressions":[{"key":"zone","operator":"In","values":["-bad-"]}]}}""";
        var old = System.Text.Json.Nodes.JsonNode.Parse(Bad)!.AsObject();

        var (_, kept) = Update("csistoragecapacities", Bad.Replace("\"fast\"", "\"fast\",\"capacity\":\"1Gi\""), old);
        var (_, created) = Create("csistoragecapacities", Bad);

        Assert.Empty(kept);
        Assert.StartsWith("nodeTopology.matchExpressions[0].values[0]: Invalid value: \"-bad-\": a valid label must be", Assert.Single(created), StringComparison.Ordinal);
    }
}
