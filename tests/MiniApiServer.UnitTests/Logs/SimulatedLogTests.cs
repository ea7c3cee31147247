using MiniApiServer.Controllers.Logs;
using MiniApiServer.Logs;

namespace MiniApiServer.UnitTests.Logs;

public sealed class SimulatedLogTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 9, 0, 0, TimeSpan.Zero);

    private static SimulatedLog Log(DateTimeOffset? finished = null, params string[] script) =>
        new(new ContainerRun("agent", "agent:1", "node-1", Start, finished, finished is null ? null : 3, finished is null ? null : "Error"),
            TimeSpan.FromSeconds(10), script);

    [Fact]
    public void RunningContainer_WritesAStartLineThenOneLinePerInterval()
    {
        var log = Log();
        Assert.Equal(0, log.CountAt(Start.AddSeconds(-1)));
        Assert.Equal(1, log.CountAt(Start));
        Assert.Equal(1, log.CountAt(Start.AddSeconds(9.9)));
        Assert.Equal(4, log.CountAt(Start.AddSeconds(30)));
        Assert.Equal(new LogLine(Start, "starting container agent (image agent:1) on simulated node node-1"), log.Line(0));
        Assert.Equal(new LogLine(Start.AddSeconds(20), "level=info container=agent node=node-1 seq=2 msg=\"simulated container is running\""), log.Line(2));
        Assert.Equal(Start.AddSeconds(40), log.NextAfter(4));
    }

    [Fact]
    public void EndedContainer_EndsWithItsExitLine_AndHasNoNextLine()
    {
        var log = Log(Start.AddSeconds(25));
        Assert.Equal(3, log.CountAt(Start.AddSeconds(24)));
        Assert.Equal(4, log.CountAt(Start.AddSeconds(25)));
        Assert.Equal(4, log.CountAt(Start.AddHours(1)));
        Assert.Equal(new LogLine(Start.AddSeconds(25), "container agent exited with code 3 (Error)"), log.Line(3));
        Assert.Equal(Start.AddSeconds(25), log.NextAfter(3));
        Assert.Null(log.NextAfter(4));
    }

    [Fact]
    public void Script_CyclesAfterTheStartLine()
    {
        var log = Log(null, "a", "b");
        Assert.Equal(["a", "b", "a"], new[] { 1L, 2, 3 }.Select(k => log.Line(k).Text));
    }

    [Fact]
    public void FirstAtOrAfter_FindsTheLineBoundary()
    {
        var log = Log();
        Assert.Equal(0, log.FirstAtOrAfter(Start.AddDays(-1)));
        Assert.Equal(2, log.FirstAtOrAfter(Start.AddSeconds(20)));
        Assert.Equal(3, log.FirstAtOrAfter(Start.AddSeconds(20.5)));
    }

    [Theory]
    [InlineData(0, "2026-12-02T09:00:00Z")]
    [InlineData(1_500_000, "2026-12-02T09:00:00.15Z")]
    [InlineData(1, "2026-12-02T09:00:00.0000001Z")]
    public void Timestamps_AreGoRfc3339Nano(long ticks, string expected) =>
        Assert.Equal(expected, LogStreamWriter.Rfc3339Nano(Start.AddTicks(ticks)));
}
