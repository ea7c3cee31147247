using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.LeaderElection;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers;

/// <summary>
/// The in-process kube-controller-manager, kube-scheduler and kubelet: starts the shared informers, then each
/// component's control loops while this replica holds that component's Lease, and stops them together. A loop that crashes is logged and restarted, so one bug cannot stop the rest.
/// </summary>
public sealed class ControllerManager(
    SharedInformers informers,
    IEnumerable<IControlLoop> loops,
    ReadinessState readiness,
    ResourceService service,
    Mediator.ISender sender,
    LeaderElectionOptions election,
    TimeProvider time,
    ILogger<ControllerManager> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var tasks = informers.All.Select(i => Task.Run(() => i.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        await informers.WaitForCacheSyncAsync(stoppingToken).ConfigureAwait(false);
        readiness.ControllersStarted = true;
        // Informers run on every replica; each group of loops runs only where its Lease is held (one candidate
        // with SQLite, which has one owner, so it always wins).
        foreach (var group in loops.GroupBy(l => l.LeaderLease))
        {
            var elector = new LeaderElector(group.Key, service, new ObjectClient(sender, service.Registry, LeaseHolderUser(group.Key)), election, time, logger);
            tasks.Add(Task.Run(() => elector.RunAsync(
                ct => Task.WhenAll(group.Select(loop => Task.Run(() => Supervise(loop, ct), CancellationToken.None))), stoppingToken),
                CancellationToken.None));
        }
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>The identity each upstream component renews its own Lease as (system:kube-controller-manager, ...).</summary>
    private static string LeaseHolderUser(string lease) => lease switch
    {
        Components.ControllerManager or Components.Scheduler => "system:" + lease,
        _ => "system:nodes",
    };

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
