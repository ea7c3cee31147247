using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Controllers.DaemonSets;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>TestDaemonKillFailedPodsBackoff's clock behaviour: 1 s, doubling, per key.</summary>
public sealed class FailedPodBackoffTests
{
    [Fact]
    public void Next_StartsAtOneSecondAndDoubles()
    {
        var clock = new FakeTimeProvider();
        var backoff = new FailedPodBackoff(clock);
        Assert.Null(backoff.RemainingBackoff("ds/1/node"));
        backoff.Next("ds/1/node");
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.RemainingBackoff("ds/1/node"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(backoff.RemainingBackoff("ds/1/node"));
        backoff.Next("ds/1/node");
        Assert.Equal(TimeSpan.FromSeconds(2), backoff.RemainingBackoff("ds/1/node"));
        Assert.Null(backoff.RemainingBackoff("ds/1/other"));
    }
}
