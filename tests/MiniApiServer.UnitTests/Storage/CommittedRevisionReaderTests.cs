using MiniApiServer.Storage;
using Xunit;

namespace MiniApiServer.UnitTests.Storage;

/// <summary>
/// Consistent reads on PostgreSQL ask the database for its committed revision; concurrent askers share a round trip,
/// but never one that began before they arrived (it could miss a write they must see).
/// </summary>
public sealed class CommittedRevisionReaderTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task CallersArrivingDuringARead_ShareOneLaterRead_NeverTheEarlierOne()
    {
        var database = 0L;
        var reads = 0;
        var firstInside = new ManualResetEventSlim();
        var releaseFirst = new ManualResetEventSlim();
        var reader = new CommittedRevisionReader(() =>
        {
            var n = Interlocked.Increment(ref reads);
            var revision = Interlocked.Increment(ref database);
            if (n == 1)
            {
                firstInside.Set();
                releaseFirst.Wait(Deadline);
            }
            return revision;
        });

        var first = StartOnThread(reader.Read);
        Assert.True(firstInside.Wait(Deadline));
        var threads = new List<Thread>();
        var late = Enumerable.Range(0, 8).Select(_ => StartOnThread(reader.Read, threads)).ToList();
        await WaitUntilAsync(() => threads.Count == 8 && threads.All(t => (t.ThreadState & ThreadState.WaitSleepJoin) != 0));
        releaseFirst.Set();

        Assert.Equal(1, await first);
        var answers = await Task.WhenAll(late);
        Assert.All(answers, a => Assert.Equal(2, a));
        Assert.Equal(2, reads);
    }

    [Fact]
    public async Task AFailedRead_IsNotReused_TheNextCallerAsksAgain()
    {
        var reads = 0;
        var firstInside = new ManualResetEventSlim();
        var releaseFirst = new ManualResetEventSlim();
        var reader = new CommittedRevisionReader(() =>
        {
            if (Interlocked.Increment(ref reads) == 1)
            {
                firstInside.Set();
                releaseFirst.Wait(Deadline);
                throw new InvalidOperationException("database went away");
            }
            return 42;
        });

        var first = StartOnThread(reader.Read);
        Assert.True(firstInside.Wait(Deadline));
        var threads = new List<Thread>();
        var second = StartOnThread(reader.Read, threads);
        await WaitUntilAsync(() => threads.Count == 1 && (threads[0].ThreadState & ThreadState.WaitSleepJoin) != 0);
        releaseFirst.Set();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first);
        Assert.Equal(42, await second);
        Assert.Equal(2, reads);
        Assert.Equal(42, reader.Read());
        Assert.Equal(3, reads);
    }

    private static Task<long?> StartOnThread(Func<long?> read, List<Thread>? started = null)
    {
        var done = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(read());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        }) { IsBackground = true };
        thread.Start();
        if (started is not null)
        {
            lock (started)
            {
                started.Add(thread);
            }
        }
        return done.Task;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached before the deadline");
            await Task.Yield();
        }
    }
}
