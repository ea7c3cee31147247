using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Csi;

/// <summary>
/// The four storage.k8s.io/v1 CSI kinds over HTTP: CRUD, the defaults a user sees, 422s with upstream's paths and
/// messages (pkg/apis/storage/validation/validation.go, 1.32), immutable fields, and volumeattachments/status
/// (pkg/registry/storage/volumeattachment/strategy.go). Stored only: no CSI sidecar or attach-detach controller runs.
/// </summary>
public sealed class CsiApiTests : ServerTest
{
    private const string Group = "/apis/storage.k8s.io/v1";
    private const string Drivers = Group + "/csidrivers";
    private const string Nodes = Group + "/csinodes";
    private const string Attachments = Group + "/volumeattachments";
    private const string Capacities = Group + "/namespaces/default/csistoragecapacities";
    private const string Attachment = """{"metadata":{"name":"csi-1"},"spec":{"attacher":"hostpath.csi.k8s.io","nodeName":"node-1","source":{"persistentVolumeName":"pv-1"}}}""";
    private const string Capacity = """{"metadata":{"name":"csisc-1"},"storageClassName":"fast","capacity":"10Gi","nodeTopology":{"matchLabels":{"topology.hostpath.csi/node":"node-1"}}}""";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task CSIDriver_IsClusterScoped_AndDefaulted_AsUpstream()
    {
        var created = await Server.Http.CreateAsync(Drivers, """{"metadata":{"name":"hostpath.csi.k8s.io"},"spec":{}}""");

        Assert.Equal(("CSIDriver", "storage.k8s.io/v1"), (created.Str("kind"), created.Str("apiVersion")));
        Assert.Null(created["metadata"]!["namespace"]);
        var spec = (await Server.Http.GetJsonAsync($"{Drivers}/hostpath.csi.k8s.io"))!["spec"]!;
        Assert.Equal(
            ("True", "False", "ReadWriteOnceWithFSType", "[\"Persistent\"]", "False", "False", "False"),
            (Flag(spec, "attachRequired"), Flag(spec, "podInfoOnMount"), spec.Str("fsGroupPolicy"), spec["volumeLifecycleModes"]!.ToJsonString(),
                Flag(spec, "requiresRepublish"), Flag(spec, "storageCapacity"), Flag(spec, "seLinuxMount")));
        Assert.Equal(["hostpath.csi.k8s.io"], (await Server.Http.ListItemsAsync(Drivers)).Select(i => i.Str("metadata", "name")));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Drivers}/hostpath.csi.k8s.io"));
        Assert.Empty(await Server.Http.ListItemsAsync(Drivers));
    }

    [Theory]
    [InlineData(Drivers, """{"metadata":{"name":"bad"},"spec":{"fsGroupPolicy":"Sometimes"}}""",
        "CSIDriver.storage.k8s.io \"bad\" is invalid: spec.fsGroupPolicy: Unsupported value: \"Sometimes\": supported values: \"File\", \"None\", \"ReadWriteOnceWithFSType\"")]
    [InlineData(Nodes, """{"metadata":{"name":"node-1"},"spec":{"drivers":[{"name":"hostpath.csi.k8s.io","nodeID":""}]}}""",
        "CSINode.storage.k8s.io \"node-1\" is invalid: spec.drivers[0].nodeID: Required value")]
    [InlineData(Attachments, """{"metadata":{"name":"va"},"spec":{"attacher":"hostpath.csi.k8s.io","nodeName":"node-1","source":{}}}""",
        "VolumeAttachment.storage.k8s.io \"va\" is invalid: spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName")]
    [InlineData(Capacities, """{"metadata":{"name":"c"},"storageClassName":"fast","capacity":"-1Gi"}""",
        "CSIStorageCapacity.storage.k8s.io \"c\" is invalid: capacity: Invalid value: \"-1Gi\": must be greater than or equal to 0")]
    public async Task InvalidObject_Is422_WithUpstreamsFieldAndMessage(string collection, string body, string message)
    {
        Assert.Equal(message, await Server.Http.InvalidMessageAsync(HttpMethod.Post, collection, body));
    }

    [Fact]
    public async Task CSIDriver_AttachRequiredIsImmutable_ButPodInfoOnMountMayChange_AndBumpsTheGeneration()
    {
        await Server.Http.CreateAsync(Drivers, """{"metadata":{"name":"d.example.com"},"spec":{"attachRequired":true}}""");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Drivers}/d.example.com", """{"spec":{"attachRequired":false}}""", "application/merge-patch+json");
        var patched = await Server.Http.MergePatchAsync($"{Drivers}/d.example.com", """{"spec":{"podInfoOnMount":true}}""");

        // Upstream's field path is spelled "attachedRequired".
        Assert.Equal("CSIDriver.storage.k8s.io \"d.example.com\" is invalid: spec.attachedRequired: Invalid value: false: field is immutable", message);
        Assert.Equal("True", Flag(patched["spec"]!, "podInfoOnMount"));
        Assert.Equal("1", patched["metadata"]!["generation"]!.ToJsonString());
    }

    [Fact]
    public async Task CSINode_RegisteredDriverIsImmutable_ButAnotherMayBeAdded()
    {
        const string Node = """{"metadata":{"name":"node-1"},"spec":{"drivers":[{"name":"hostpath.csi.k8s.io","nodeID":"node-1","topologyKeys":["topology.hostpath.csi/node"]}]}}""";
        await Server.Http.CreateAsync(Nodes, Node);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Put, $"{Nodes}/node-1", Node.Replace("\"nodeID\":\"node-1\"", "\"nodeID\":\"other\""));
        var added = await Server.Http.MergePatchAsync($"{Nodes}/node-1",
            """{"spec":{"drivers":[{"name":"hostpath.csi.k8s.io","nodeID":"node-1","topologyKeys":["topology.hostpath.csi/node"]},{"name":"ebs.csi.aws.com","nodeID":"i-123"}]}}""");

        Assert.Equal("CSINode.storage.k8s.io \"node-1\" is invalid: CSINodeDriver: Invalid value: storage.CSINodeDriver{Name:\"hostpath.csi.k8s.io\", NodeID:\"other\", "
            + "TopologyKeys:[]string{\"topology.hostpath.csi/node\"}, Allocatable:(*storage.VolumeNodeResources)(nil)}: field is immutable", message);
        Assert.Equal(2, added["spec"]!["drivers"]!.AsArray().Count);
    }

    [Fact]
    public async Task VolumeAttachment_StatusIsResetOnCreate_IgnoredOnUpdate_AndWrittenThroughStatus()
    {
        var created = await Server.Http.CreateAsync(Attachments, Attachment.Replace("}}}", "}},\"status\":{\"attached\":true}}"));
        Assert.Equal("""{"attached":false}""", created["status"]!.ToJsonString());

        var updated = await Server.Http.MergePatchAsync($"{Attachments}/csi-1", """{"metadata":{"labels":{"a":"b"}},"status":{"attached":true}}""");
        Assert.Equal("False", Flag(updated["status"]!, "attached"));

        var attached = await Server.Http.MergePatchAsync($"{Attachments}/csi-1/status", """{"status":{"attached":true,"attachmentMetadata":{"devicePath":"/dev/sdb"}}}""");
        Assert.Equal(("True", "/dev/sdb"), (Flag(attached["status"]!, "attached"), attached.Str("status", "attachmentMetadata", "devicePath")));
        Assert.Equal("True", Flag((await Server.Http.GetJsonAsync($"{Attachments}/csi-1"))!["status"]!, "attached"));
    }

    [Fact]
    public async Task VolumeAttachment_SpecIsImmutable()
    {
        await Server.Http.CreateAsync(Attachments, Attachment);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Attachments}/csi-1", """{"spec":{"nodeName":"node-2"}}""", "application/merge-patch+json");

        // Go prints the source's set pointer as an address; this server prints a fixed one.
        Assert.Equal("VolumeAttachment.storage.k8s.io \"csi-1\" is invalid: spec: Invalid value: storage.VolumeAttachmentSpec{Attacher:\"hostpath.csi.k8s.io\", "
            + "Source:storage.VolumeAttachmentSource{PersistentVolumeName:(*string)(0xc000000000), InlineVolumeSpec:(*core.PersistentVolumeSpec)(nil)}, NodeName:\"node-2\"}: field is immutable", message);
    }

    [Fact]
    public async Task CSIStorageCapacity_IsNamespaced_ItsClassIsImmutable_AndItsCapacityMayChange()
    {
        await Server.Http.CreateAsync(Capacities, Capacity);

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Capacities}/csisc-1", """{"storageClassName":"slow"}""", "application/merge-patch+json");
        var patched = await Server.Http.MergePatchAsync($"{Capacities}/csisc-1", """{"capacity":"5Gi","maximumVolumeSize":"1Gi"}""");

        Assert.Equal("CSIStorageCapacity.storage.k8s.io \"csisc-1\" is invalid: storageClassName: Invalid value: \"slow\": field is immutable", message);
        Assert.Equal(("5Gi", "1Gi", "default"), (patched.Str("capacity"), patched.Str("maximumVolumeSize"), patched.Str("metadata", "namespace")));
        Assert.Equal(["default/csisc-1"], (await Server.Http.ListItemsAsync($"{Group}/csistoragecapacities")).Select(i => $"{i.Str("metadata", "namespace")}/{i.Str("metadata", "name")}"));
        Assert.Empty(await Server.Http.ListItemsAsync($"{Group}/namespaces/kube-system/csistoragecapacities"));
    }

    [Fact]
    public async Task Discovery_ListsTheFourKinds_WithVolumeAttachmentsStatus()
    {
        var resources = (await Server.Http.GetJsonAsync(Group))!["resources"]!.AsArray().Select(r => $"{r.Str("name")}:{r!["namespaced"]!.ToJsonString()}").ToList();

        Assert.Subset(resources.ToHashSet(),
            new HashSet<string> { "csidrivers:false", "csinodes:false", "csistoragecapacities:true", "volumeattachments:false", "volumeattachments/status:false", "storageclasses:false" });
    }

    private static string Flag(JsonNode node, string name) => node[name]!.GetValue<bool>() ? "True" : "False";
}
