using MiniApiServer.Storage;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// Consistent reads share catch-ups, but a reader never settles for one that began before it arrived: that catch-up
/// may have read the committed revision before a write the reader's client already saw acknowledged.
/// </summary>
public sealed class ConsistentReadBarrierTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private sealed class ControlledCatchUps
    {
        private readonly List<TaskCompletionSource> _started = [];

        public int Started
        {
            get { lock (_started) { return _started.Count; } }
        }

        public Task Run()
        {
            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_started)
            {
                _started.Add(tcs);
            }
            return tcs.Task;
        }

        public void Finish(int index, Exception? error = null)
        {
            TaskCompletionSource tcs;
            lock (_started)
            {
                tcs = _started[index];
            }
            if (error is null)
            {
                tcs.SetResult();
            }
            else
            {
                tcs.SetException(error);
            }
        }

        public async Task WaitStartedAsync(int count)
        {
            using var cts = new CancellationTokenSource(Deadline);
            while (Started < count)
            {
                await Task.Delay(5, cts.Token);
            }
        }
    }

    [Fact]
    public async Task ReadersArrivingDuringACatchUp_WaitForTheNextOne_AndShareIt()
    {
        var catchUps = new ControlledCatchUps();
        var barrier = new ConsistentReadBarrier(catchUps.Run);

        var first = barrier.WaitAsync();
        await catchUps.WaitStartedAsync(1);
        var later = Enumerable.Range(0, 64).Select(_ => barrier.WaitAsync()).ToList();

        // All 64 queue behind the running catch-up; none starts its own.
        Assert.Equal(1, catchUps.Started);
        catchUps.Finish(0);
        await first.WaitAsync(Deadline);
        Assert.All(later, t => Assert.False(t.IsCompleted, "a reader that arrived mid catch-up was answered by it"));

        await catchUps.WaitStartedAsync(2);
        Assert.Equal(2, catchUps.Started);
        catchUps.Finish(1);
        await Task.WhenAll(later).WaitAsync(Deadline);
        Assert.Equal(2, catchUps.Started);
    }

    [Fact]
    public async Task AFailedCatchUp_FailsItsReaders_AndTheNextGroupStillRuns()
    {
        var catchUps = new ControlledCatchUps();
        var barrier = new ConsistentReadBarrier(catchUps.Run);

        var first = barrier.WaitAsync();
        await catchUps.WaitStartedAsync(1);
        var second = barrier.WaitAsync();
        catchUps.Finish(0, new InvalidOperationException("database went away"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Deadline));
        Assert.Equal("database went away", error.Message);
        await catchUps.WaitStartedAsync(2);
        catchUps.Finish(1);
        await second.WaitAsync(Deadline);

        // Idle again: the next reader starts a catch-up of its own at once.
        var third = barrier.WaitAsync();
        await catchUps.WaitStartedAsync(3);
        catchUps.Finish(2);
        await third.WaitAsync(Deadline);
    }
}
