using MiniApiServer.Application.Tables;
using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

public class PodTableTests
{
    private static JsonObject Pod(string status, string extraMetadata = "", string spec = """{"containers":[{"name":"app","image":"nginx"}]}""") => Parse($$"""
        {
          "apiVersion": "v1", "kind": "Pod",
          "metadata": { "name": "demo", "namespace": "default", "creationTimestamp": "{{Ago(TimeSpan.FromMinutes(5))}}" {{extraMetadata}} },
          "spec": {{spec}},
          "status": {{status}}
        }
        """);

    [Fact]
    public void ToTable_PendingPodWithoutStatuses_ShowsPendingAndNoneDefaults()
    {
        var table = Table("", "pods", Pod("""{"phase":"Pending"}"""));

        Assert.Equal(
            ["Name", "Ready", "Status", "Restarts", "Age", "IP", "Node", "Nominated Node", "Readiness Gates"],
            ColumnNames(table));
        Assert.Equal(
            """["demo","0/1","Pending","0","5m","<none>","<none>","<none>","<none>"]""",
            Cells(table).Compact());
    }

    [Fact]
    public void ToTable_PendingPodCreatingContainer_ShowsWaitingReason()
    {
        var pod = Pod("""
            {"phase":"Pending","containerStatuses":[{"name":"app","ready":false,"restartCount":0,
              "state":{"waiting":{"reason":"ContainerCreating"}}}]}
            """);

        Assert.Equal("ContainerCreating", Cell(Table("", "pods", pod), "Status")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_RunningReadyPod_ShowsRunningAndWideCells()
    {
        var pod = Pod("""
            {"phase":"Running","podIP":"10.0.0.7","podIPs":[{"ip":"10.0.0.7"}],
             "conditions":[{"type":"Ready","status":"True"}],
             "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2025-01-01T11:55:00Z"}}}]}
            """,
            spec: """{"nodeName":"node-1","containers":[{"name":"app","image":"nginx"}]}""");

        var table = Table("", "pods", pod);

        Assert.Equal(
            """["demo","1/1","Running","0","5m","10.0.0.7","node-1","<none>","<none>"]""",
            Cells(table).Compact());
        Assert.Null(table["rows"]![0]!["conditions"]);
    }

    [Fact]
    public void ToTable_PodWithDeletionTimestamp_ShowsTerminating()
    {
        var pod = Pod(
            """{"phase":"Running","containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}""",
            extraMetadata: """, "deletionTimestamp": "2025-01-01T11:59:30Z" """);

        Assert.Equal("Terminating", Cell(Table("", "pods", pod), "Status")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_DeletedPodOnLostNode_ShowsUnknown()
    {
        var pod = Pod(
            """{"phase":"Running","reason":"NodeLost"}""",
            extraMetadata: """, "deletionTimestamp": "2025-01-01T11:59:30Z" """);

        Assert.Equal("Unknown", Cell(Table("", "pods", pod), "Status")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_CrashLoopBackOff_ShowsReasonAndRestartsWithLastRestartAge()
    {
        var pod = Pod("""
            {"phase":"Running","containerStatuses":[{"name":"app","ready":false,"restartCount":4,
              "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off"}},
              "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"2025-01-01T11:58:30Z"}}}]}
            """);

        var table = Table("", "pods", pod);

        Assert.Equal("0/1", Cell(table, "Ready")!.GetValue<string>());
        Assert.Equal("CrashLoopBackOff", Cell(table, "Status")!.GetValue<string>());
        Assert.Equal("4 (90s ago)", Cell(table, "Restarts")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_InitContainerRunning_ShowsInitProgress()
    {
        var pod = Pod(
            """
            {"phase":"Pending","initContainerStatuses":[
               {"name":"init-a","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
               {"name":"init-b","ready":false,"restartCount":0,"state":{"running":{}}}]}
            """,
            spec: """{"initContainers":[{"name":"init-a"},{"name":"init-b"}],"containers":[{"name":"app"}]}""");

        Assert.Equal("Init:1/2", Cell(Table("", "pods", pod), "Status")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_InitContainerFailed_ShowsInitExitCode()
    {
        var pod = Pod(
            """{"phase":"Pending","initContainerStatuses":[{"name":"init","restartCount":2,"state":{"terminated":{"exitCode":3}}}]}""",
            spec: """{"initContainers":[{"name":"init"}],"containers":[{"name":"app"}]}""");

        var table = Table("", "pods", pod);

        Assert.Equal("Init:ExitCode:3", Cell(table, "Status")!.GetValue<string>());
        Assert.Equal("2", Cell(table, "Restarts")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_SidecarInitContainer_CountsTowardsReady()
    {
        var pod = Pod(
            """
            {"phase":"Running","conditions":[{"type":"Initialized","status":"True"}],
             "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":0,"state":{"running":{}}}],
             "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{}}}]}
            """,
            spec: """{"initContainers":[{"name":"proxy","restartPolicy":"Always"}],"containers":[{"name":"app"}]}""");

        var table = Table("", "pods", pod);

        Assert.Equal("2/2", Cell(table, "Ready")!.GetValue<string>());
        Assert.Equal("Running", Cell(table, "Status")!.GetValue<string>());
    }

    [Fact]
    public void ToTable_SucceededPod_ShowsCompletedAndRowCondition()
    {
        var pod = Pod("""
            {"phase":"Succeeded","containerStatuses":[{"name":"app","ready":false,"restartCount":0,
              "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """);

        var table = Table("", "pods", pod);

        Assert.Equal("Completed", Cell(table, "Status")!.GetValue<string>());
        Assert.Equal(
            """[{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}]""",
            table["rows"]![0]!["conditions"]!.Compact());
    }

    [Fact]
    public void ToTable_ReadinessGates_ShowsTrueOverTotal()
    {
        var pod = Pod(
            """{"phase":"Running","conditions":[{"type":"example.com/gate","status":"True"}]}""",
            spec: """{"containers":[{"name":"app"}],"readinessGates":[{"conditionType":"example.com/gate"},{"conditionType":"other"}]}""");

        Assert.Equal("1/2", Cell(Table("", "pods", pod), "Readiness Gates")!.GetValue<string>());
    }
}
