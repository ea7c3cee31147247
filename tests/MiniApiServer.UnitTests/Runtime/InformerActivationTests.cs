using Microsoft.Extensions.Logging.Abstractions;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>The standby rule's bookkeeping: informers run while at least one component leads, and each start waits for a fresh list.</summary>
public sealed class InformerActivationTests
{
    [Fact]
    public async Task InformersRunWhileAnyComponentLeads_AndStopWithTheLast()
    {
        var informer = new CountingInformer();
        var activation = new InformerActivation([informer], NullLogger.Instance);

        var scheduler = await activation.AcquireAsync(CancellationToken.None);
        var controllers = await activation.AcquireAsync(CancellationToken.None);
        Assert.Equal((1, 0), (informer.Starts, informer.Stops));
        Assert.Equal((1, 1), (scheduler.Run, controllers.Run));

        await scheduler.DisposeAsync();
        await scheduler.DisposeAsync();
        Assert.Equal((1, 0), (informer.Starts, informer.Stops));

        await controllers.DisposeAsync();
        Assert.Equal((1, 1), (informer.Starts, informer.Stops));
        Assert.Equal(1, informer.Releases);

        await using var again = await activation.AcquireAsync(CancellationToken.None);
        Assert.Equal((2, 1), (informer.Starts, informer.Stops));
        Assert.Equal(2, informer.Lists);
        // A component leading again sees another run: the informers were stopped in between and may have missed changes.
        Assert.Equal(2, again.Run);
    }

    [Fact]
    public async Task ARestart_WaitsForItsOwnList_NotTheOneBeforeTheStop()
    {
        var informer = new CountingInformer();
        var activation = new InformerActivation([informer], NullLogger.Instance);
        await (await activation.AcquireAsync(CancellationToken.None)).DisposeAsync();

        informer.HoldNextList = new TaskCompletionSource();
        // Nothing here waits: an acquire that took the earlier, completed list for this run's would already be done.
        var acquiring = activation.AcquireAsync(CancellationToken.None);
        Assert.False(acquiring.IsCompleted, "returned before the restarted informer listed");

        informer.HoldNextList.SetResult();
        await using var lease = await acquiring.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, informer.Lists);
    }

    [Fact]
    public async Task LosingTheLeaseBeforeTheListEnds_StopsTheInformersAgain()
    {
        var informer = new CountingInformer { HoldNextList = new TaskCompletionSource() };
        var activation = new InformerActivation([informer], NullLogger.Instance);
        using var lost = new CancellationTokenSource();

        var acquiring = activation.AcquireAsync(lost.Token);
        await lost.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquiring);
        Assert.Equal((1, 1), (informer.Starts, informer.Stops));
    }

    private sealed class CountingInformer : IInformer
    {
        private volatile TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _starts;
        private int _stops;
        private int _lists;

        public int Starts => _starts;
        public int Stops => _stops;
        public int Lists => _lists;
        public TaskCompletionSource? HoldNextList { get; set; }

        public bool HasSynced => _synced.Task.IsCompleted;

        public async Task RunAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref _starts);
            try
            {
                if (HoldNextList is { } hold)
                {
                    await hold.Task.WaitAsync(ct);
                    HoldNextList = null;
                }
                Interlocked.Increment(ref _lists);
                _synced.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _stops);
            }
        }

        public Task WaitForSyncAsync(CancellationToken ct) => _synced.Task.WaitAsync(ct);

        public int Releases { get; private set; }

        public void ReleaseModels() => Releases++;

        public void ExpectRelist()
        {
            if (_synced.Task.IsCompleted)
            {
                _synced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }
}
