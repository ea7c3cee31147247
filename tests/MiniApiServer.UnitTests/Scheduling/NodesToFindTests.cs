using k8s.Models;
using MiniApiServer.Controllers.Scheduling;
using static MiniApiServer.UnitTests.Scheduling.SchedulingFixtures;

namespace MiniApiServer.UnitTests.Scheduling;

/// <summary>pkg/scheduler/schedule_one_test.go TestNumFeasibleNodesToFind, and the search that stops at that many.</summary>
public sealed class NodesToFindTests
{
    [Theory]
    [InlineData(10, 10)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1000, 420)]
    [InlineData(5000, 500)]
    [InlineData(6000, 300)]
    [InlineData(10000, 500)]
    public void NumFeasibleNodesToFind_AsUpstream(int nodes, int expected) =>
        Assert.Equal(expected, SchedulingAlgorithm.NumFeasibleNodesToFind(nodes));

    [Fact]
    public void FiveThousandFeasibleNodes_TheSearchLooksAtFiveHundred_AndTheNextStartsWhereItStopped()
    {
        var nodes = Enumerable.Range(0, 5000).Select(i => Node($"n{i:D4}")).ToList();
        var looked = new List<string>();
        var cursor = new NodeSearchCursor();
        NodeInfo Look(V1Node n)
        {
            looked.Add(n.Metadata.Name);
            return Info(n);
        }

        var first = SchedulingAlgorithm.Schedule(Pod(cpu: "1"), nodes, Look, SchedulingAlgorithm.DefaultFilters, cursor: cursor);
        Assert.Equal(500, looked.Count);
        Assert.Equal("n0000", looked[0]);
        Assert.Equal("n0000", first.NodeName);

        looked.Clear();
        var second = SchedulingAlgorithm.Schedule(Pod(cpu: "1"), nodes, Look, SchedulingAlgorithm.DefaultFilters, cursor: cursor);
        Assert.Equal(500, looked.Count);
        Assert.Equal("n0500", looked[0]);
        Assert.Equal("n0500", second.NodeName);
    }

    [Fact]
    public void NoNodeFits_EveryNodeIsLooked_AndTheMessageCountsThemAll()
    {
        var nodes = Enumerable.Range(0, 300).Select(i => Node($"n{i:D3}", cpu: "1")).ToList();
        var looked = 0;
        var result = SchedulingAlgorithm.Schedule(Pod(cpu: "2"), nodes, n => { looked++; return Info(n); },
            SchedulingAlgorithm.DefaultFilters, cursor: new NodeSearchCursor { Next = 123 });
        Assert.Equal(300, looked);
        Assert.StartsWith("0/300 nodes are available: 300 Insufficient cpu.", result.FailureMessage, StringComparison.Ordinal);
    }
}
