using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

/// <summary>printers.go printStatefulSet: READY as ready/desired, and the wide CONTAINERS and IMAGES (no SELECTOR).</summary>
public class StatefulSetTableTests
{
    private static JsonObject StatefulSet(string status) => Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "StatefulSet",
          "metadata": { "name": "web", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(3))}}" },
          "spec": { "replicas": 3, "selector": { "matchLabels": { "app": "web" } },
            "template": { "spec": { "containers": [ { "name": "nginx", "image": "nginx:1.27" }, { "name": "log", "image": "busybox" } ] } } },
          "status": {{status}}
        }
        """);

    [Fact]
    public void ToTable_ShowsReadyOverDesired_AndTheTemplatesContainers()
    {
        var table = Table("apps", "statefulsets", StatefulSet("""{"replicas":3,"readyReplicas":2}"""));

        Assert.Equal(["Name", "Ready", "Age", "Containers", "Images"], ColumnNames(table));
        Assert.Equal("""["web","2/3","3m","nginx,log","nginx:1.27,busybox"]""", Cells(table).Compact());
    }

    [Fact]
    public void ToTable_NoStatusYet_IsZeroReady()
    {
        var table = Table("apps", "statefulsets", StatefulSet("{}"));

        Assert.Equal("0/3", Cell(table, "Ready")!.GetValue<string>());
    }
}
