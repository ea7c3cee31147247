using Microsoft.Extensions.Logging;
using Prometheus;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// What every controller shares, written once: a work queue named after the controller (so its metrics are
/// its own), N workers draining it into the reconciler as controller-runtime's processNextWorkItem, per-key
/// exponential backoff on failure, reconcile duration and error metrics, and queue shutdown on cancellation.
/// </summary>
public sealed class ControllerHost<TKey>
    where TKey : notnull
{
    private readonly IReconciler<TKey> _reconciler;
    private readonly int _workers;
    private readonly ILogger _logger;

    /// <param name="queueName">The workqueue metric name, when upstream's differs from the controller name.</param>
    public ControllerHost(IReconciler<TKey> reconciler, int workers, TimeProvider time, ILogger logger, string? queueName = null, TimeSpan? baseDelay = null)
    {
        _reconciler = reconciler;
        _workers = workers;
        _logger = logger;
        Queue = new WorkQueue<TKey>(time, baseDelay, name: queueName ?? reconciler.Name);
    }

    public WorkQueue<TKey> Queue { get; }

    /// <summary>Runs the workers until cancelled; a supervisor may call it again after a crash.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        // Cancellation (shutdown, or a lost leader election) wakes workers blocked on the queue; the queue stays
        // open, so a standby keeps collecting keys and drains them all when it becomes the leader again.
        await Task.WhenAll(Enumerable.Range(0, _workers).Select(_ => Task.Run(() => WorkerAsync(ct), CancellationToken.None))).ConfigureAwait(false);
    }

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var (ok, key) = await Queue.GetAsync(ct).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }
            var timer = ControllerMetrics.ReconcileSeconds.WithLabels(_reconciler.Name).NewTimer();
            try
            {
                var result = await _reconciler.ReconcileAsync(key, ct).ConfigureAwait(false);
                Queue.Forget(key);
                if (result.RequeueAfter is { } after)
                {
                    Queue.AddAfter(key, after);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ControllerMetrics.ReconcileErrors.WithLabels(_reconciler.Name).Inc();
                _logger.LogError(ex, "{Controller}: reconcile of {Key} failed; requeued with backoff", _reconciler.Name, key);
                Queue.AddRateLimited(key);
            }
            finally
            {
                timer.Dispose();
                Queue.Done(key);
            }
        }
    }
}
