using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Csi.CsiStrategyHarness;

namespace MiniApiServer.UnitTests.Csi;

/// <summary>
/// pkg/registry/storage/volumeattachment/strategy.go and the VolumeAttachment cases of 1.32's
/// pkg/apis/storage/validation/validation_test.go: TestVolumeAttachmentValidation ("empty attacher", "empty volume
/// name", "empty node name", "both volume name and inline spec", "neither", "inline volume spec without CSI", "too
/// long metadata", "too long error message"), TestVolumeAttachmentUpdateValidation ("change attacher" refused, status
/// changes allowed) and TestVolumeAttachmentValidationV1 ("invalid attacher name", "invalid volume name").
/// </summary>
public sealed class VolumeAttachmentStrategyTests
{
    private const string Valid = """{"metadata":{"name":"va"},"spec":{"attacher":"hostpath.csi.k8s.io","nodeName":"node-1","source":{"persistentVolumeName":"pv-1"}}}""";

    private static string Attachment(string spec, string status = "") =>
        $$"""{"metadata":{"name":"va"},"spec":{{{spec}}}{{(status.Length > 0 ? $",\"status\":{status}" : "")}}}""";

    [Fact]
    public void Create_ResetsTheStatus()
    {
        var (created, causes) = Create("volumeattachments", Valid.Replace("}}}", "}},\"status\":{\"attached\":true,\"attachmentMetadata\":{\"a\":\"b\"}}}"));

        Assert.Empty(causes);
        Assert.Equal("""{"attached":false}""", created["status"]!.ToJsonString());
    }

    [Theory]
    [InlineData("\"attacher\":\"a.example.com\",\"nodeName\":\"n\",\"source\":{}", "spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName")]
    [InlineData("\"attacher\":\"a.example.com\",\"nodeName\":\"n\",\"source\":{\"persistentVolumeName\":\"pv\",\"inlineVolumeSpec\":{\"accessModes\":[\"ReadWriteOnce\"],\"csi\":{\"driver\":\"d\",\"volumeHandle\":\"h\"}}}", "spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName")]
    [InlineData("\"attacher\":\"a.example.com\",\"nodeName\":\"n\",\"source\":{\"inlineVolumeSpec\":{\"accessModes\":[\"ReadWriteOnce\"],\"hostPath\":{\"path\":\"/x\"}}}", "spec.source.inlineVolumeSpec.csi: Required value: has to be specified in the context of inline volumes")]
    [InlineData("\"attacher\":\"a.example.com\",\"nodeName\":\"\",\"source\":{\"persistentVolumeName\":\"pv\"}", "spec.nodeName: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("\"attacher\":\"a.example.com\",\"nodeName\":\"n\",\"source\":{\"persistentVolumeName\":\"PV_1\"}", "spec.source.persistentVolumeName: Invalid value: \"PV_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    public void InvalidSpec_IsRefused_WithUpstreamsCause(string spec, string cause)
    {
        var (_, causes) = Create("volumeattachments", Attachment(spec));

        Assert.Equal([cause], causes);
    }

    [Fact]
    public void EmptyAttacher_IsRequired_ByBothChecks_AndNotASubdomain()
    {
        var (_, causes) = Create("volumeattachments", Attachment("\"attacher\":\"\",\"nodeName\":\"n\",\"source\":{\"persistentVolumeName\":\"pv\"}"));

        Assert.Equal(["spec.attacher: Required value", "spec.attacher: Required value"], causes.Take(2));
        Assert.StartsWith("spec.attacher: Invalid value: \"\": a lowercase RFC 1123 subdomain", causes[2]);
    }

    [Fact]
    public void Spec_IsImmutable_OnUpdate()
    {
        var (old, _) = Create("volumeattachments", Valid);

        var (_, causes) = Update("volumeattachments", Valid.Replace("node-1", "node-2"), old);

        Assert.Equal(
            "spec: Invalid value: storage.VolumeAttachmentSpec{Attacher:\"hostpath.csi.k8s.io\", Source:storage.VolumeAttachmentSource{PersistentVolumeName:(*string)(0xc000000000), InlineVolumeSpec:(*core.PersistentVolumeSpec)(nil)}, NodeName:\"node-2\"}: field is immutable",
            Assert.Single(causes));
    }

    [Fact]
    public void Status_IsKeptOnMainUpdates_AndWrittenThroughStatus_WithItsLimits()
    {
        var (old, _) = Create("volumeattachments", Valid);

        var (main, _) = Update("volumeattachments", Valid.Replace("}}}", "}},\"status\":{\"attached\":true}}"), old);
        var (status, none) = Update("volumeattachments", Attachment("\"attacher\":\"x\"", """{"attached":true,"attachmentMetadata":{"devicePath":"/dev/sdb"}}"""), old, statusOnly: true);
        var (_, tooLong) = Update("volumeattachments", Attachment("", "{\"attached\":false,\"attachError\":{\"message\":\"" + new string('e', 1025) + "\"}}"), old, statusOnly: true);

        Assert.False(main["status"]!["attached"]!.GetValue<bool>());
        Assert.Empty(none);
        Assert.True(status["status"]!["attached"]!.GetValue<bool>());
        Assert.Equal("hostpath.csi.k8s.io", status["spec"]!["attacher"]!.GetValue<string>());
        // Upstream measures 1024 bytes and names the metadata's limit; ValidateVolumeAttachment runs twice on update.
        Assert.Equal(["status.attachError.message: Too long: may not be more than 262144 bytes"], tooLong.Distinct());
    }

    [Fact]
    public void TooMuchAttachmentMetadata_IsTooLong()
    {
        var (old, _) = Create("volumeattachments", Valid);
        var metadata = new JsonObject { ["k"] = new string('v', 256 * 1024) };

        var (_, causes) = Update("volumeattachments", Attachment("", $$"""{"attached":true,"attachmentMetadata":{{metadata.ToJsonString()}}}"""), old, statusOnly: true);

        Assert.Equal(["status.attachmentMetadata: Too long: may not be more than 262144 bytes"], causes.Distinct());
    }
}
