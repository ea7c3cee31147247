using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Csi;

/// <summary>printers.go printCSIDriver, printCSINode, printVolumeAttachment and printCSIStorageCapacity (1.32); expected cells written out by hand.</summary>
public sealed class CsiTableTests
{
    private static JsonObject Object(string kind, string metadata, string rest) => Parse($$"""
        {"apiVersion":"storage.k8s.io/v1","kind":"{{kind}}","metadata":{"creationTimestamp":"{{Ago(TimeSpan.FromMinutes(3))}}",{{metadata}}},{{rest}}}
        """);

    [Fact]
    public void CSIDriver_ShowsItsFlags_Audiences_AndModes()
    {
        var full = Object("CSIDriver", "\"name\":\"secrets-store.csi.k8s.io\"", """
            "spec":{"attachRequired":false,"podInfoOnMount":true,"storageCapacity":false,"requiresRepublish":true,
              "tokenRequests":[{"audience":"api://a"},{"audience":"vault"}],"volumeLifecycleModes":["Persistent","Ephemeral"]}
            """);
        var bare = Object("CSIDriver", "\"name\":\"bare\"", "\"spec\":{}");

        var table = Table("storage.k8s.io", "csidrivers", full, bare);

        Assert.Equal(["Name", "AttachRequired", "PodInfoOnMount", "StorageCapacity", "TokenRequests", "RequiresRepublish", "Modes", "Age"], ColumnNames(table));
        Assert.Equal("""["secrets-store.csi.k8s.io",false,true,false,"api://a,vault",true,"Persistent,Ephemeral","3m"]""", Cells(table).Compact());
        Assert.Equal("""["bare",true,false,false,"<unset>",false,"<none>","3m"]""", Cells(table, 1).Compact());
        Assert.StartsWith("attachRequired indicates this CSI volume driver requires an attach operation", table["columnDefinitions"]![1]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void CSINode_CountsItsDrivers()
    {
        var node = Object("CSINode", "\"name\":\"node-1\"", """ "spec":{"drivers":[{"name":"a","nodeID":"n"},{"name":"b","nodeID":"n"}]} """);

        var table = Table("storage.k8s.io", "csinodes", node);

        Assert.Equal(["Name", "Drivers", "Age"], ColumnNames(table));
        Assert.Equal("""["node-1",2,"3m"]""", Cells(table).Compact());
    }

    [Fact]
    public void VolumeAttachment_ShowsAttacherVolumeNodeAndAttached()
    {
        var named = Object("VolumeAttachment", "\"name\":\"csi-123\"", """
            "spec":{"attacher":"hostpath.csi.k8s.io","nodeName":"node-1","source":{"persistentVolumeName":"pv-1"}},"status":{"attached":true}
            """);
        var inline = Object("VolumeAttachment", "\"name\":\"csi-456\"", """ "spec":{"attacher":"a","nodeName":"n","source":{"inlineVolumeSpec":{}}} """);

        var table = Table("storage.k8s.io", "volumeattachments", named, inline);

        Assert.Equal(["Name", "Attacher", "PV", "Node", "Attached", "Age"], ColumnNames(table));
        Assert.Equal("""["csi-123","hostpath.csi.k8s.io","pv-1","node-1",true,"3m"]""", Cells(table).Compact());
        Assert.Equal("""["csi-456","a","","n",false,"3m"]""", Cells(table, 1).Compact());
    }

    [Fact]
    public void CSIStorageCapacity_ShowsClassAndCapacity_AndNoAge()
    {
        var set = Object("CSIStorageCapacity", "\"name\":\"csisc-1\",\"namespace\":\"default\"", "\"storageClassName\":\"fast\",\"capacity\":\"10Gi\"");
        var unset = Object("CSIStorageCapacity", "\"name\":\"csisc-2\",\"namespace\":\"default\"", "\"storageClassName\":\"fast\"");

        var table = Table("storage.k8s.io", "csistoragecapacities", set, unset);

        Assert.Equal(["Name", "StorageClassName", "Capacity"], ColumnNames(table));
        Assert.Equal("""["csisc-1","fast","10Gi"]""", Cells(table).Compact());
        Assert.Equal("""["csisc-2","fast","<unset>"]""", Cells(table, 1).Compact());
    }
}
