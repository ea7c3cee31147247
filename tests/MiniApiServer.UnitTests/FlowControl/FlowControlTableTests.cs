using System.Text.Json.Nodes;
using static MiniApiServer.UnitTests.Tables.TestJson;

namespace MiniApiServer.UnitTests.FlowControl;

/// <summary>printers.go printFlowSchema and printPriorityLevelConfiguration (1.32); expected cells written out by hand.</summary>
public sealed class FlowControlTableTests
{
    private static JsonObject Object(string kind, string name, string rest) => Parse($$"""
        {"apiVersion":"flowcontrol.apiserver.k8s.io/v1","kind":"{{kind}}","metadata":{"name":"{{name}}","creationTimestamp":"{{Ago(TimeSpan.FromMinutes(3))}}"},{{rest}}}
        """);

    [Fact]
    public void FlowSchema_ShowsItsLevel_Precedence_Distinguisher_AndTheDanglingConditionAsMissingPL_InMatchingOrder()
    {
        var found = Object("FlowSchema", "catch-all", """
            "spec":{"priorityLevelConfiguration":{"name":"catch-all"},"matchingPrecedence":10000,"distinguisherMethod":{"type":"ByUser"}},
            "status":{"conditions":[{"type":"Dangling","status":"False","reason":"Found"}]}
            """);
        var missing = Object("FlowSchema", "probes", """
            "spec":{"priorityLevelConfiguration":{"name":"gone"},"matchingPrecedence":2},"status":{"conditions":[{"type":"Dangling","status":"True"}]}
            """);
        var unknown = Object("FlowSchema", "new", """ "spec":{"priorityLevelConfiguration":{"name":"p"},"matchingPrecedence":1000},"status":{} """);

        var table = Table("flowcontrol.apiserver.k8s.io", "flowschemas", found, missing, unknown);

        Assert.Equal(["Name", "PriorityLevel", "MatchingPrecedence", "DistinguisherMethod", "Age", "MissingPL"], ColumnNames(table));
        // printFlowSchemaList sorts the rows by matchingPrecedence, then name.
        Assert.Equal("""["probes","gone",2,"<none>","3m","True"]""", Cells(table).Compact());
        Assert.Equal("""["new","p",1000,"<none>","3m","?"]""", Cells(table, 1).Compact());
        Assert.Equal("""["catch-all","catch-all",10000,"ByUser","3m","False"]""", Cells(table, 2).Compact());
        Assert.Equal("references a broken or non-existent PriorityLevelConfiguration", table["columnDefinitions"]![5]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void PriorityLevel_ShowsLimitedSharesAndQueuing_OrNone()
    {
        var queued = Object("PriorityLevelConfiguration", "global-default", """
            "spec":{"type":"Limited","limited":{"nominalConcurrencyShares":20,"lendablePercent":50,"limitResponse":{"type":"Queue","queuing":{"queues":128,"handSize":6,"queueLengthLimit":50}}}}
            """);
        var rejecting = Object("PriorityLevelConfiguration", "catch-all", """
            "spec":{"type":"Limited","limited":{"nominalConcurrencyShares":5,"lendablePercent":0,"limitResponse":{"type":"Reject"}}}
            """);
        var exempt = Object("PriorityLevelConfiguration", "exempt", """ "spec":{"type":"Exempt","exempt":{"nominalConcurrencyShares":0,"lendablePercent":0}} """);

        var table = Table("flowcontrol.apiserver.k8s.io", "prioritylevelconfigurations", queued, rejecting, exempt);

        Assert.Equal(["Name", "Type", "NominalConcurrencyShares", "Queues", "HandSize", "QueueLengthLimit", "Age"], ColumnNames(table));
        Assert.Equal("""["global-default","Limited",20,128,6,50,"3m"]""", Cells(table).Compact());
        Assert.Equal("""["catch-all","Limited",5,"<none>","<none>","<none>","3m"]""", Cells(table, 1).Compact());
        Assert.Equal("""["exempt","Exempt","<none>","<none>","<none>","<none>","3m"]""", Cells(table, 2).Compact());
        Assert.StartsWith("`queues` is the number of queues for this priority level.", table["columnDefinitions"]![3]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
