using Microsoft.Extensions.Time.Testing;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>client-go workqueue semantics on a fake clock: dedupe, no concurrent processing of a key, backoff, AddAfter.</summary>
public sealed class WorkQueueTests
{
    private static async Task<string?> TryGet(WorkQueue<string> queue)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var (ok, item) = await queue.GetAsync(cts.Token);
        return ok ? item : null;
    }

    [Fact]
    public async Task Add_SameKeyTwice_IsQueuedOnce()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        queue.Add("a");
        Assert.Equal(1, queue.Depth);
        Assert.Equal("a", await TryGet(queue));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public async Task Add_WhileProcessing_IsRequeuedOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        queue.Add("a");
        Assert.Equal("a", await TryGet(queue));
        queue.Add("a");
        Assert.Equal(0, queue.Depth);
        queue.Done("a");
        Assert.Equal(1, queue.Depth);
        Assert.Equal("a", await TryGet(queue));
    }

    [Fact]
    public async Task AddAfter_FiresOnlyWhenTheClockReachesTheDelay()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, queue.Depth);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("a", await TryGet(queue));
    }

    [Fact]
    public async Task AddAfter_LaterDeadlineForAWaitingKey_KeepsTheEarlierOne()
    {
        // delaying_queue.go insert(): an existing entry's readyAt only ever moves earlier.
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Depth);
        Assert.Equal("a", await TryGet(queue));
        queue.Done("a");
        // The later request was merged into the entry that fired, so nothing more arrives.
        clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(0, queue.Depth);
    }

    [Fact]
    public void AddAfter_EarlierDeadlineForAWaitingKey_ReplacesTheLaterOne()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public async Task AddRateLimited_BacksOffExponentiallyPerKey_AndForgetResets()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(clock, baseDelay: TimeSpan.FromSeconds(1), maxDelay: TimeSpan.FromSeconds(4));
        queue.AddRateLimited("a");                  // 1 s
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.Equal(0, queue.Depth);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, queue.Depth);
        queue.AddRateLimited("b");                  // 1 s
        queue.AddRateLimited("b");                  // 2 s, but the waiting 1 s deadline is kept
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, queue.Depth);
        Assert.Equal("a", await TryGet(queue));
        Assert.Equal("b", await TryGet(queue));
        queue.Done("a");
        queue.Done("b");
        queue.AddRateLimited("b");                  // third failure: 4 s (capped at maxDelay)
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(0, queue.Depth);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
        Assert.Equal(4, queue.Retries);
        Assert.Equal("b", await TryGet(queue));
        queue.Done("b");
        queue.Forget("b");
        queue.AddRateLimited("b");                  // back to 1 s after Forget
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Depth);
    }

    [Fact]
    public async Task ShutDown_EndsWaitingWorkers()
    {
        using var queue = new WorkQueue<string>(new FakeTimeProvider());
        var waiting = queue.GetAsync(CancellationToken.None);
        queue.ShutDown();
        var (ok, _) = await waiting;
        Assert.False(ok);
    }
}
