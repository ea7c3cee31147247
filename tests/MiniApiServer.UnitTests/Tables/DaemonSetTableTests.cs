using MiniApiServer.Application.Tables;
using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

public class DaemonSetTableTests
{
    private static JsonObject DaemonSet(string nodeSelector, string selector) => Parse($$"""
        {
          "apiVersion": "apps/v1", "kind": "DaemonSet",
          "metadata": { "name": "demo", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromSeconds(45))}}" },
          "spec": {
            "selector": {{selector}},
            "template": { "spec": { "nodeSelector": {{nodeSelector}},
              "containers": [ { "name": "app", "image": "nginx:1.27" }, { "name": "log", "image": "busybox" } ] } }
          },
          "status": { "desiredNumberScheduled": 3, "currentNumberScheduled": 3, "numberReady": 2, "updatedNumberScheduled": 3, "numberAvailable": 1 }
        }
        """);

    [Fact]
    public void ToTable_DaemonSetWithoutNodeSelector_ShowsIntegerCountsAndNone()
    {
        var table = Table("apps", "daemonsets", DaemonSet("null", """{"matchLabels":{"app":"demo"}}"""));

        Assert.Equal(
            ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"],
            ColumnNames(table));
        Assert.Equal(
            """["demo",3,3,2,3,1,"<none>","45s","app,log","nginx:1.27,busybox","app=demo"]""",
            Cells(table).Compact());
    }

    [Fact]
    public void ToTable_DaemonSetWithNodeSelectorAndExpressions_FormatsSorted()
    {
        var ds = DaemonSet(
            """{"zone":"a","kubernetes.io/os":"linux"}""",
            """{"matchLabels":{"tier":"web"},"matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},{"key":"legacy","operator":"DoesNotExist"}]}""");

        var table = Table("apps", "daemonsets", ds);

        Assert.Equal("kubernetes.io/os=linux,zone=a", Cell(table, "Node Selector")!.GetValue<string>());
        Assert.Equal("env in (dev,prod),!legacy,tier=web", Cell(table, "Selector")!.GetValue<string>());
    }
}
