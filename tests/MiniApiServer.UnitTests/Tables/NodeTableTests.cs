using MiniApiServer.Application.Tables;
using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

public class NodeTableTests
{
    private static JsonObject Node(string ready, bool unschedulable = false, string labels = "{}") => Parse($$"""
        {
          "apiVersion": "v1", "kind": "Node",
          "metadata": { "name": "node-1", "creationTimestamp": "{{Ago(TimeSpan.FromDays(3))}}", "labels": {{labels}} },
          "spec": { "unschedulable": {{(unschedulable ? "true" : "false")}} },
          "status": {
            "conditions": [ { "type": "MemoryPressure", "status": "False" }, { "type": "Ready", "status": "{{ready}}" } ],
            "addresses": [ { "type": "InternalIP", "address": "172.18.0.2" }, { "type": "Hostname", "address": "node-1" } ],
            "nodeInfo": { "kubeletVersion": "v1.32.0", "osImage": "Debian GNU/Linux 12 (bookworm)", "kernelVersion": "6.8.0", "containerRuntimeVersion": "containerd://1.7.0" }
          }
        }
        """);

    [Fact]
    public void ToTable_ReadyNode_ShowsAllCells()
    {
        var table = Table("", "nodes", Node("True", labels: """{"node-role.kubernetes.io/control-plane":"","kubernetes.io/role":"worker"}"""));

        Assert.Equal(
            ["Name", "Status", "Roles", "Age", "Version", "Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"],
            ColumnNames(table));
        Assert.Equal(
            """["node-1","Ready","control-plane,worker","3d","v1.32.0","172.18.0.2","<none>","Debian GNU/Linux 12 (bookworm)","6.8.0","containerd://1.7.0"]""",
            Cells(table).Compact());
    }

    [Fact]
    public void ToTable_CordonedNode_ShowsSchedulingDisabled()
    {
        Assert.Equal("Ready,SchedulingDisabled", Cell(Table("", "nodes", Node("True", unschedulable: true)), "Status")!.GetValue<string>());
    }

    [Theory]
    [InlineData("False", "NotReady")]
    [InlineData("Unknown", "NotReady")]
    public void ToTable_NodeNotReady_ShowsNotReady(string conditionStatus, string expected)
    {
        Assert.Equal(expected, Cell(Table("", "nodes", Node(conditionStatus)), "Status")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_NodeWithoutReadyCondition_ShowsUnknownAndNoRoles()
    {
        var node = Parse("""{"metadata":{"name":"bare"},"spec":{"unschedulable":true}}""");

        var table = Table("", "nodes", node);

        Assert.Equal("Unknown,SchedulingDisabled", Cell(table, "Status")!.GetValue<string>());
        Assert.Equal("<none>", Cell(table, "Roles")!.GetValue<string>());
        Assert.Equal("<unknown>", Cell(table, "Age")!.GetValue<string>());
        Assert.Equal("<unknown>", Cell(table, "OS-Image")!.GetValue<string>());
    }
}
