using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printReplicationController (the selector a label map) and printPodTemplate (no age).</summary>
public class ReplicationTableTests
{
    [Fact]
    public void ReplicationController_DesiredCurrentReady_AndWideSelectorAsLabels()
    {
        var rc = Parse($$"""
            {
              "apiVersion": "v1", "kind": "ReplicationController",
              "metadata": { "name": "web", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(3))}}" },
              "spec": { "replicas": 3, "selector": { "tier": "front", "app": "web" },
                        "template": { "spec": { "containers": [ { "name": "a", "image": "nginx" }, { "name": "b", "image": "busybox" } ] } } },
              "status": { "replicas": 2, "readyReplicas": 1 }
            }
            """);

        var table = Table("", "replicationcontrollers", rc);

        Assert.Equal(["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"], ColumnNames(table));
        Assert.Equal("""["web",3,2,1,"3m","a,b","nginx,busybox","app=web,tier=front"]""", Cells(table).Compact());
    }

    [Fact]
    public void PodTemplate_ContainersImagesAndPodLabels()
    {
        var template = Parse("""
            {
              "apiVersion": "v1", "kind": "PodTemplate",
              "metadata": { "name": "base", "namespace": "default", "creationTimestamp": "2026-01-01T00:00:00Z" },
              "template": { "metadata": { "labels": { "b": "2", "a": "1" } }, "spec": { "containers": [ { "name": "app", "image": "busybox" } ] } }
            }
            """);

        var table = Table("", "podtemplates", template);

        Assert.Equal(["Name", "Containers", "Images", "Pod Labels"], ColumnNames(table));
        Assert.Equal("""["base","app","busybox","a=1,b=2"]""", Cells(table).Compact());
    }

    [Fact]
    public void PodTemplate_WithoutLabels_ShowsNone()
    {
        var table = Table("", "podtemplates", Parse("""{"apiVersion":"v1","kind":"PodTemplate","metadata":{"name":"t","namespace":"default"},"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}}"""));

        Assert.Equal("""["t","c","i","<none>"]""", Cells(table).Compact());
    }
}
