using static MiniApiServer.UnitTests.Csi.CsiStrategyHarness;

namespace MiniApiServer.UnitTests.Csi;

/// <summary>
/// SetDefaults_CSIDriver (pkg/apis/storage/v1/defaults.go) and the CSIDriver cases of 1.32's
/// pkg/apis/storage/validation/validation_test.go: TestCSIDriverValidation ("invalid fsGroupPolicy", "invalid
/// volumeLifecycleModes", "missing attachRequired" after defaulting), TestCSIDriverValidationUpdate ("change
/// attachRequired", "change volumeLifecycleModes", "change fsGroupPolicy"/"change podInfoOnMount" allowed since 1.29)
/// and TestValidateTokenRequests ("duplicate audience", "expirationSeconds too small/large").
/// </summary>
public sealed class CSIDriverStrategyTests
{
    private const string Bare = """{"metadata":{"name":"hostpath.csi.k8s.io"},"spec":{}}""";

    [Fact]
    public void EmptySpec_TakesUpstreamsDefaults()
    {
        var (driver, causes) = Create("csidrivers", Bare);

        Assert.Empty(causes);
        Assert.Equal(
            """{"attachRequired":true,"fsGroupPolicy":"ReadWriteOnceWithFSType","podInfoOnMount":false,"requiresRepublish":false,"seLinuxMount":false,"storageCapacity":false,"volumeLifecycleModes":["Persistent"]}""",
            Sorted(driver["spec"]!));
    }

    [Fact]
    public void FieldsNewerThan132_AreDropped_AsItsDecoderDoes()
    {
        var (driver, _) = Create("csidrivers", """{"metadata":{"name":"d"},"spec":{"nodeAllocatableUpdatePeriodSeconds":60,"serviceAccountTokenInSecrets":true}}""");

        Assert.Null(driver["spec"]!["nodeAllocatableUpdatePeriodSeconds"]);
        Assert.Null(driver["spec"]!["serviceAccountTokenInSecrets"]);
    }

    [Theory]
    [InlineData("\"fsGroupPolicy\":\"invalid-mode\"", "spec.fsGroupPolicy: Unsupported value: \"invalid-mode\": supported values: \"File\", \"None\", \"ReadWriteOnceWithFSType\"")]
    [InlineData("\"volumeLifecycleModes\":[\"no-such-mode\"]", "spec.volumeLifecycleModes: Unsupported value: \"no-such-mode\": supported values: \"Persistent\", \"Ephemeral\"")]
    [InlineData("\"tokenRequests\":[{\"audience\":\"a\"},{\"audience\":\"a\"}]", "spec.tokenRequests[1].audience: Duplicate value: \"a\"")]
    [InlineData("\"tokenRequests\":[{\"audience\":\"a\",\"expirationSeconds\":599}]", "spec.tokenRequests[0].expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes")]
    [InlineData("\"tokenRequests\":[{\"audience\":\"a\",\"expirationSeconds\":4294967297}]", "spec.tokenRequests[0].expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds")]
    public void InvalidSpec_IsRefused_WithUpstreamsCause(string spec, string cause)
    {
        var (_, causes) = Create("csidrivers", "{\"metadata\":{\"name\":\"d\"},\"spec\":{" + spec + "}}");

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void AttachRequiredAndModes_AreImmutable_ButFsGroupPolicyAndPodInfoOnMountMayChange()
    {
        var (old, _) = Create("csidrivers", Bare);

        var (_, refused) = Update("csidrivers", """{"metadata":{"name":"hostpath.csi.k8s.io"},"spec":{"attachRequired":false,"volumeLifecycleModes":["Ephemeral"]}}""", old);
        var (changed, allowed) = Update("csidrivers", """{"metadata":{"name":"hostpath.csi.k8s.io"},"spec":{"fsGroupPolicy":"File","podInfoOnMount":true}}""", old);

        Assert.Equal(
        [
            "spec.attachedRequired: Invalid value: false: field is immutable",
            "spec.volumeLifecycleModes: Invalid value: []storage.VolumeLifecycleMode{\"Ephemeral\"}: field is immutable",
        ], refused);
        Assert.Empty(allowed);
        Assert.Equal(1, changed["metadata"]!["generation"]!.GetValue<long>());
    }

    [Fact]
    public void UnchangedSpec_KeepsTheGeneration()
    {
        var (old, _) = Create("csidrivers", Bare);

        var (same, _) = Update("csidrivers", """{"metadata":{"name":"hostpath.csi.k8s.io","labels":{"a":"b"}},"spec":{}}""", old);

        Assert.Null(same["metadata"]!["generation"]);
    }

    private static string Sorted(System.Text.Json.Nodes.JsonNode node) =>
        new System.Text.Json.Nodes.JsonObject(node.AsObject().OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone()))).ToJsonString();
}
