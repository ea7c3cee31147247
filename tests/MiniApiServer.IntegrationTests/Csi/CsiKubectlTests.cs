using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Csi;

/// <summary>
/// kubectl against the CSI kinds as a driver's manifests use them: apply of the hostpath CSI driver's CSIDriver
/// (kubernetes-csi/csi-driver-host-path, deploy/kubernetes-*/hostpath/csi-hostpath-driverinfo.yaml) and of the
/// objects its node plugin, attacher and provisioner would write, then get with printers.go's columns.
/// </summary>
public sealed class CsiKubectlTests : ServerTest
{
    private const string DriverInfo = """
        apiVersion: storage.k8s.io/v1
        kind: CSIDriver
        metadata:
          name: hostpath.csi.k8s.io
          labels:
            app.kubernetes.io/instance: hostpath.csi.k8s.io
            app.kubernetes.io/part-of: csi-driver-host-path
            app.kubernetes.io/name: hostpath.csi.k8s.io
            app.kubernetes.io/component: csi-driver
        spec:
          # Supports persistent and ephemeral inline volumes.
          volumeLifecycleModes:
          - Persistent
          - Ephemeral
          # To determine at runtime which mode a volume uses, pod info and its
          # "csi.storage.k8s.io/ephemeral" entry are needed.
          podInfoOnMount: true
          # No attacher needed.
          attachRequired: false
          storageCapacity: false
          # Kubernetes may use fsGroup to change permissions and ownership
          # of the volume to match user requested fsGroup in the pod's SecurityPolicy
          fsGroupPolicy: File
        """;

    private const string Published = """
        apiVersion: storage.k8s.io/v1
        kind: CSINode
        metadata:
          name: node-1
        spec:
          drivers:
          - name: hostpath.csi.k8s.io
            nodeID: node-1
            topologyKeys: [topology.hostpath.csi/node]
        ---
        apiVersion: storage.k8s.io/v1
        kind: VolumeAttachment
        metadata:
          name: csi-0123456789abcdef
        spec:
          attacher: hostpath.csi.k8s.io
          nodeName: node-1
          source:
            persistentVolumeName: pvc-1
        ---
        apiVersion: storage.k8s.io/v1
        kind: CSIStorageCapacity
        metadata:
          name: csisc-abcde
          namespace: default
        storageClassName: csi-hostpath-fast
        capacity: 100Gi
        nodeTopology:
          matchLabels:
            topology.hostpath.csi/node: node-1
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [KubectlFact]
    public async Task ApplyHostpathDriverInfo_GetShowsUpstreamsColumns()
    {
        Assert.Equal("csidriver.storage.k8s.io/hostpath.csi.k8s.io created\n", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("driverinfo.yaml", DriverInfo)));

        var get = await Kubectl.OkAsync("get", "csidrivers");

        Assert.Matches(@"^NAME\s+ATTACHREQUIRED\s+PODINFOONMOUNT\s+STORAGECAPACITY\s+TOKENREQUESTS\s+REQUIRESREPUBLISH\s+MODES\s+AGE\n", get);
        Assert.Matches(@"(?m)^hostpath\.csi\.k8s\.io\s+false\s+true\s+false\s+<unset>\s+false\s+Persistent,Ephemeral\s+\d+s$", get);
        Assert.Equal("File false", await Kubectl.OkAsync("get", "csidriver", "hostpath.csi.k8s.io", "-o", "jsonpath={.spec.fsGroupPolicy} {.spec.seLinuxMount}"));
        Assert.Equal("csidriver.storage.k8s.io/hostpath.csi.k8s.io unchanged\n", await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("driverinfo.yaml", DriverInfo)));
    }

    [KubectlFact]
    public async Task ServerSideApply_AndExplain_UseTheOpenApiDocument()
    {
        Assert.Equal("csidriver.storage.k8s.io/hostpath.csi.k8s.io serverside-applied\n",
            await Kubectl.OkAsync("apply", "--server-side", "-f", Kubectl.WriteFile("driverinfo.yaml", DriverInfo)));
        var modes = DriverInfo.Replace("  - Ephemeral\n", "", StringComparison.Ordinal);

        // volumeLifecycleModes is immutable, so dropping a mode by apply is refused as any update of it is.
        var (code, _, stderr) = await Kubectl.RunAsync("apply", "--server-side", "-f", Kubectl.WriteFile("driverinfo.yaml", modes));

        Assert.NotEqual(0, code);
        Assert.Contains("spec.volumeLifecycleModes: Invalid value: []storage.VolumeLifecycleMode{\"Persistent\"}: field is immutable", stderr, StringComparison.Ordinal);
        Assert.Contains("attachRequired indicates this CSI volume driver requires an attach operation", await Kubectl.OkAsync("explain", "csidriver.spec.attachRequired"), StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ChangingAttachRequired_IsRefusedWithUpstreamsMessage()
    {
        await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("driverinfo.yaml", DriverInfo));

        var (code, _, stderr) = await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("driverinfo.yaml", DriverInfo.Replace("attachRequired: false", "attachRequired: true")));

        Assert.NotEqual(0, code);
        // kubectl rewords a 422 Status's message from its causes (kubectl's cmdutil.StandardErrorMessage).
        Assert.Contains("The CSIDriver \"hostpath.csi.k8s.io\" is invalid: spec.attachedRequired: Invalid value: true: field is immutable", stderr, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ApplyNodeAttachmentAndCapacity_GetShowsUpstreamsColumns()
    {
        Assert.Equal("csinode.storage.k8s.io/node-1 created\nvolumeattachment.storage.k8s.io/csi-0123456789abcdef created\ncsistoragecapacity.storage.k8s.io/csisc-abcde created\n",
            await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("published.yaml", Published)));

        var nodes = await Kubectl.OkAsync("get", "csinodes");
        Assert.Matches(@"^NAME\s+DRIVERS\s+AGE\n", nodes);
        Assert.Matches(@"(?m)^node-1\s+1\s+\d+s$", nodes);

        Assert.Matches(@"(?m)^csi-0123456789abcdef\s+hostpath\.csi\.k8s\.io\s+pvc-1\s+node-1\s+false\s+\d+s$", await Kubectl.OkAsync("get", "volumeattachments"));
        await Kubectl.OkAsync("patch", "volumeattachment", "csi-0123456789abcdef", "--subresource=status", "--type=merge", "-p", """{"status":{"attached":true}}""");
        var attachments = await Kubectl.OkAsync("get", "volumeattachments");
        Assert.Matches(@"^NAME\s+ATTACHER\s+PV\s+NODE\s+ATTACHED\s+AGE\n", attachments);
        Assert.Matches(@"(?m)^csi-0123456789abcdef\s+hostpath\.csi\.k8s\.io\s+pvc-1\s+node-1\s+true\s+\d+s$", attachments);

        var capacities = await Kubectl.OkAsync("get", "csistoragecapacities", "-A");
        Assert.Matches(@"^NAMESPACE\s+NAME\s+STORAGECLASSNAME\s+CAPACITY\n", capacities);
        Assert.Matches(@"(?m)^default\s+csisc-abcde\s+csi-hostpath-fast\s+100Gi$", capacities);
    }
}
