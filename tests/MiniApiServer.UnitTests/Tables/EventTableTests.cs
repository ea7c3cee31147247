using MiniApiServer.Application.Tables;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.Tables;

public class EventTableTests
{
    [Fact]
    public void ToTable_CoreEvent_ShowsLastSeenObjectAndWideCells()
    {
        var ev = Parse($$"""
            {
              "apiVersion": "v1", "kind": "Event",
              "metadata": { "name": "demo-abc.17f", "namespace": "default" },
              "involvedObject": { "kind": "Pod", "name": "demo-abc", "fieldPath": "spec.containers{app}" },
              "reason": "Pulled", "message": "Successfully pulled image \"nginx\" \n", "type": "Normal",
              "source": { "component": "kubelet", "host": "node-1" },
              "firstTimestamp": "{{Ago(TimeSpan.FromMinutes(10))}}", "lastTimestamp": "{{Ago(TimeSpan.FromSeconds(30))}}", "count": 3
            }
            """);

        var table = Table("", "events", ev);

        Assert.Equal(
            ["Last Seen", "Type", "Reason", "Object", "Subobject", "Source", "Message", "First Seen", "Count", "Name"],
            ColumnNames(table));
        Assert.Equal(
            """["30s","Normal","Pulled","pod/demo-abc","spec.containers{app}","kubelet, node-1","Successfully pulled image \"nginx\"","10m",3,"demo-abc.17f"]""",
            Cells(table).Compact());
    }

    [Fact]
    public void ToTable_EventsV1EventWithSeries_UsesSeriesAndReportingController()
    {
        var ev = Parse($$"""
            {
              "apiVersion": "events.k8s.io/v1", "kind": "Event",
              "metadata": { "name": "demo.1", "namespace": "default" },
              "eventTime": "{{Ago(TimeSpan.FromHours(1))}}",
              "series": { "count": 7, "lastObservedTime": "{{Ago(TimeSpan.FromMinutes(2))}}" },
              "reportingController": "example.com/ctrl", "reportingInstance": "ctrl-0",
              "action": "Sync", "reason": "Synced", "regarding": { "kind": "DaemonSet", "name": "demo" },
              "note": "synced", "type": "Normal"
            }
            """);

        var table = Table("events.k8s.io", "events", ev);

        Assert.Equal(
            """["2m","Normal","Synced","daemonset/demo","","example.com/ctrl, ctrl-0","synced","60m",7,"demo.1"]""",
            Cells(table).Compact());
    }

    [Fact]
    public void ToTable_SingletonEventWithoutTimestamps_CountsOneAndUnknownAge()
    {
        var ev = Parse("""{"metadata":{"name":"e"},"involvedObject":{"kind":"Node"},"type":"Warning","reason":"X","message":"m"}""");

        var table = Table("", "events", ev);

        Assert.Equal("<unknown>", Cell(table, "Last Seen")!.GetValue<string>());
        Assert.Equal("node", Cell(table, "Object")!.GetValue<string>());
        Assert.Equal(1, Cell(table, "Count")!.GetValue<long>());
    }
}
