using Microsoft.Extensions.Logging;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// Restarts a list-and-watch run that dies, as client-go's reflector does: everything downstream is fed only
/// by it, so a silent death would stall every controller reading that cache. Routine relists (the feed moved
/// past the watcher) restart at once; anything else is an Error, counted, and restarted with backoff.
/// </summary>
public static class ListWatchSupervisor
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(10);

    public static async Task RunAsync(string name, Func<CancellationToken, Task> listAndWatch, ILogger logger, CancellationToken ct,
        Func<Exception, bool>? isRoutine = null)
    {
        var delay = FirstDelay;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await listAndWatch(ct).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (isRoutine?.Invoke(ex) == true)
            {
                logger.LogWarning("{Name} relisting: {Message}", name, ex.Message);
            }
            catch (Exception ex)
            {
                ControllerMetrics.InformerRestarts.WithLabels(name).Inc();
                logger.LogError(ex, "{Name} died; relisting in {Delay}", name, delay);
                await Task.Delay(delay, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                delay = TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, delay.Ticks * 2));
            }
        }
    }
}
