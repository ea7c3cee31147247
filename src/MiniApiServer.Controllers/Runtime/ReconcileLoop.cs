using Prometheus;
using Microsoft.Extensions.Logging;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>Runs N workers that drain a queue into a reconciler, as controller-runtime's processNextWorkItem.</summary>
public sealed class ReconcileLoop<TKey>(IReconciler<TKey> reconciler, WorkQueue<TKey> queue, int workers, ILogger logger)
    where TKey : notnull
{
    public Task RunAsync(CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(ct), CancellationToken.None)));

    private async Task WorkerAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var (ok, key) = await queue.GetAsync(ct).ConfigureAwait(false);
            if (!ok)
            {
                return;
            }
            var timer = ControllerMetrics.ReconcileSeconds.WithLabels(reconciler.Name).NewTimer();
            try
            {
                var result = await reconciler.ReconcileAsync(key, ct).ConfigureAwait(false);
                queue.Forget(key);
                if (result.RequeueAfter is { } after)
                {
                    queue.AddAfter(key, after);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                ControllerMetrics.ReconcileErrors.WithLabels(reconciler.Name).Inc();
                logger.LogError(ex, "{Controller}: reconcile of {Key} failed; requeued with backoff", reconciler.Name, key);
                queue.AddRateLimited(key);
            }
            finally
            {
                timer.Dispose();
                queue.Done(key);
            }
        }
    }
}
