using Microsoft.Extensions.Logging;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.UnitTests.Runtime;

/// <summary>A reconcile that throws is an Error with its key, counted, and retried with backoff.</summary>
public sealed class ControllerHostFaultTests
{
    [Fact]
    public async Task ReconcilerThatThrows_IsLoggedAtErrorWithItsKey_CountedAndRetried()
    {
        var logger = new TestLogger();
        var reconciler = new FlakyReconciler();
        var errorsBefore = ControllerMetrics.ReconcileErrors.WithLabels(reconciler.Name).Value;
        var host = new ControllerHost<string>(reconciler, 1, TimeProvider.System, logger, baseDelay: TimeSpan.FromMilliseconds(1));
        using var stop = new CancellationTokenSource();
        var run = host.RunAsync(stop.Token);

        host.Queue.Add("ns/flaky");

        await Poll.UntilAsync(() => reconciler.Calls >= 2, "the failed key to be retried");
        stop.Cancel();
        await run;
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("ns/flaky", error.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Equal(errorsBefore + 1, ControllerMetrics.ReconcileErrors.WithLabels(reconciler.Name).Value);
    }

    private sealed class FlakyReconciler : IReconciler<string>
    {
        private int _calls;

        public string Name => "flaky-test-controller";

        public int Calls => Volatile.Read(ref _calls);

        public Task<ReconcileResult> ReconcileAsync(string key, CancellationToken ct) =>
            Interlocked.Increment(ref _calls) == 1
                ? throw new InvalidOperationException("first reconcile fails")
                : Task.FromResult(ReconcileResult.Done);
    }
}
