using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printPersistentVolume and printStorageClass (1.32); expected cells written out by hand.</summary>
public class StorageTableTests
{
    private static JsonObject Object(string apiVersion, string kind, string metadata, string rest) => Parse($$"""
        {
          "apiVersion": "{{apiVersion}}", "kind": "{{kind}}",
          "metadata": { "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(3))}}", {{metadata}} },
          {{rest}}
        }
        """);

    [Fact]
    public void BoundVolume_ShowsItsClaimAsNamespaceAndName_AndModesShort()
    {
        var volume = Object("v1", "PersistentVolume", "\"name\":\"pv1\"", """
            "spec":{"capacity":{"storage":"5Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Retain",
              "claimRef":{"namespace":"apps","name":"data"},"storageClassName":"fast","volumeMode":"Block","hostPath":{"path":"/x"}},
            "status":{"phase":"Bound"}
            """);

        var table = Table("", "persistentvolumes", volume);

        Assert.Equal(["Name", "Capacity", "Access Modes", "Reclaim Policy", "Status", "Claim", "StorageClass", "VolumeAttributesClass", "Reason", "Age", "VolumeMode"], ColumnNames(table));
        Assert.Equal("""["pv1","5Gi","RWO,RWX","Retain","Bound","apps/data","fast","<unset>","","3m","Block"]""", Cells(table).Compact());
    }

    [Fact]
    public void DeletedVolume_IsTerminating_AndTheBetaAnnotationNamesItsClass()
    {
        var volume = Object("v1", "PersistentVolume",
            "\"name\":\"pv2\",\"deletionTimestamp\":\"2026-01-01T00:00:00Z\",\"annotations\":{\"volume.beta.kubernetes.io/storage-class\":\"old\"}",
            """ "spec":{"accessModes":["ReadOnlyMany"],"persistentVolumeReclaimPolicy":"Delete","storageClassName":"new","nfs":{"server":"s","path":"/"}},"status":{"phase":"Released","reason":"Gone"} """);

        Assert.Equal("""["pv2","0","ROX","Delete","Terminating","","old","<unset>","Gone","3m","<unset>"]""", Cells(Table("", "persistentvolumes", volume)).Compact());
    }

    [Fact]
    public void StorageClass_NamesTheDefault_AndFillsUnsetFields()
    {
        var marked = Object("storage.k8s.io/v1", "StorageClass",
            "\"name\":\"standard\",\"annotations\":{\"storageclass.beta.kubernetes.io/is-default-class\":\"true\"}", "\"provisioner\":\"example.com/p\"");
        var plain = Object("storage.k8s.io/v1", "StorageClass", "\"name\":\"slow\"",
            "\"provisioner\":\"example.com/p\",\"reclaimPolicy\":\"Retain\",\"volumeBindingMode\":\"WaitForFirstConsumer\",\"allowVolumeExpansion\":true");

        var table = Table("storage.k8s.io", "storageclasses", marked);
        Assert.Equal(["Name", "Provisioner", "ReclaimPolicy", "VolumeBindingMode", "AllowVolumeExpansion", "Age"], ColumnNames(table));
        Assert.Equal("""["standard (default)","example.com/p","Delete","Immediate",false,"3m"]""", Cells(table).Compact());
        Assert.Equal("""["slow","example.com/p","Retain","WaitForFirstConsumer",true,"3m"]""", Cells(Table("storage.k8s.io", "storageclasses", plain)).Compact());
    }
}
