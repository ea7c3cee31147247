using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.LeaderElection;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers;

/// <summary>
/// The in-process kube-controller-manager, kube-scheduler and kubelet: starts the shared informers (on PostgreSQL,
/// those besides RBAC only while this replica leads a component: <see cref="InformerActivation"/>), then each
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
        // With SQLite, one process owns the file and wins every lease, so every informer starts at once and readiness
        // waits for all of them, as before leases existed. Replicas on PostgreSQL run the RBAC informers (the authorizer
        // reads them on every request) and start the rest only while they lead a component.
        var always = election.SoleCandidate ? informers.All : informers.AlwaysRunning;
        var tasks = always.Select(i => Task.Run(() => i.RunAsync(stoppingToken), CancellationToken.None)).ToList();
        ControllerMetrics.InformersRunning.Inc(always.Count);
        await Task.WhenAll(always.Select(i => i.WaitForSyncAsync(stoppingToken))).ConfigureAwait(false);
        readiness.ControllersStarted = true;
        var activation = new InformerActivation([.. informers.All.Except(always)], logger);
        // Each group of loops runs only where its Lease is held (one candidate with SQLite, so it always wins).
        foreach (var group in loops.GroupBy(l => l.LeaderLease))
        {
            var elector = new LeaderElector(group.Key, service, new ObjectClient(sender, service.Registry, LeaseHolderUser(group.Key)), election, time, logger);
            var seen = new StrongBox<long>(-1);
            tasks.Add(Task.Run(() => elector.RunAsync(ct => LeadAsync(activation, group, seen, ct), stoppingToken), CancellationToken.None));
        }
        await Task.WhenAll(tasks).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <param name="seen">The informers' run this group last led with: another one means they were stopped in between.</param>
    private async Task LeadAsync(InformerActivation activation, IEnumerable<IControlLoop> group, StrongBox<long> seen, CancellationToken ct)
    {
        await using var informersRunning = await activation.AcquireAsync(ct).ConfigureAwait(false);
        if (informersRunning.Run != seen.Value)
        {
            seen.Value = informersRunning.Run;
            foreach (var loop in group)
            {
                loop.InformersRelisted();
            }
        }
        await Task.WhenAll(group.Select(loop => Task.Run(() => Supervise(loop, ct), CancellationToken.None))).ConfigureAwait(false);
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
