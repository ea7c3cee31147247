using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers;

/// <summary>
/// The in-process kube-controller-manager: starts the shared informers, then every control loop, and
/// stops them together. A loop that crashes is logged and restarted, so one bug cannot stop the rest.
/// </summary>
public sealed class ControllerManager(
    SharedInformers informers,
    IEnumerable<IControlLoop> loops,
    ReadinessState readiness,
    ILogger<ControllerManager> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = informers.All.Select(i => Task.Run(() => i.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        await informers.WaitForCacheSyncAsync(stoppingToken).ConfigureAwait(false);
        readiness.ControllersStarted = true;
        tasks.AddRange(loops.Select(loop => Task.Run(() => Supervise(loop, stoppingToken), CancellationToken.None)));
        await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task Supervise(IControlLoop loop, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await loop.RunAsync(ct).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "controller {Controller} crashed; restarting", loop.Name);
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false);
            }
        }
    }
}
