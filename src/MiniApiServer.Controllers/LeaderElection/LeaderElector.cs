using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Controllers.LeaderElection;

/// <summary>
/// client-go's leaderelection over a coordination.k8s.io/v1 Lease in kube-system. A candidate takes the lease
/// when it is absent or when its record has not changed for a lease duration, measured on this process's own
/// clock from when it last saw the record change (so clock skew between replicas does not matter). The holder
/// renews every retry period; if it cannot renew within the renew deadline, which is shorter than the lease
/// duration, it stops acting before anyone else may take over. Every write is pinned to the resourceVersion it
/// read, so two candidates can never both win. It writes through the typed client as the component it elects.
/// </summary>
public sealed class LeaderElector(string leaseName, ResourceService service, ObjectClient client, LeaderElectionOptions options, TimeProvider time, ILogger logger)
{
    private const string Namespace = "kube-system";
    private LeaseRecord? _observed;
    private DateTimeOffset _observedAt;

    public string Identity => options.Identity;

    /// <summary>Campaigns, runs <paramref name="whileLeading"/> while it holds the lease, and campaigns again after losing it.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            while (!await TryAcquireOrRenewAsync().ConfigureAwait(false))
            {
                await Task.Delay(options.RetryPeriod, time, ct).ConfigureAwait(false);
            }
            logger.LogInformation("leader election: {Identity} became leader of {Lease}", Identity, leaseName);
            ControllerMetrics.LeaderTransitions.WithLabels(leaseName).Inc();
            using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
            await RenewUntilLostAsync(ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await leading.CancelAsync().ConfigureAwait(false);
            await work.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (ct.IsCancellationRequested)
            {
                await ReleaseAsync().ConfigureAwait(false);
            }
            else
            {
                logger.LogError("leader election lost: {Identity} could not renew {Lease} within {Deadline}; stopped acting", Identity, leaseName, options.RenewDeadline);
            }
        }
    }

    private async Task RenewUntilLostAsync(CancellationToken ct)
    {
        var lastRenew = time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(options.RetryPeriod, time, ct).ConfigureAwait(false);
            if (await TryAcquireOrRenewAsync().ConfigureAwait(false))
            {
                lastRenew = time.GetUtcNow();
            }
            else if (time.GetUtcNow() - lastRenew >= options.RenewDeadline || _observed?.Holder != Identity)
            {
                return;
            }
        }
    }

    /// <summary>tryAcquireOrRenew: true when this candidate holds the lease after the call.</summary>
    private async Task<bool> TryAcquireOrRenewAsync()
    {
        var now = time.GetUtcNow();
        try
        {
            if (service.TryGet(service.Registry.Leases, Namespace, leaseName) is null)
            {
                await client.CreateAsync(NewLease(now)).ConfigureAwait(false);
                return true;
            }
            var won = false;
            // Pinned to what was read: a concurrent candidate's write turns this one into a 409.
            await client.UpdatePinnedAsync<V1Lease>(Namespace, leaseName, lease =>
            {
                var record = LeaseRecord.From(lease);
                if (record != _observed)
                {
                    _observed = record;
                    _observedAt = now;
                }
                var mine = record.Holder == Identity;
                if (!mine && record.Holder.Length > 0 && !options.SoleCandidate && _observedAt + TimeSpan.FromSeconds(record.DurationSeconds) > now)
                {
                    return false;
                }
                var spec = lease.Spec ??= new V1LeaseSpec();
                if (!mine)
                {
                    spec.HolderIdentity = Identity;
                    spec.AcquireTime = LeaseRecord.MicroTime(now);
                    spec.LeaseTransitions = record.Transitions + 1;
                }
                spec.LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds;
                spec.RenewTime = LeaseRecord.MicroTime(now);
                won = true;
                return true;
            }).ConfigureAwait(false);
            return won;
        }
        catch (ApiException ex) when (ex.Code is 409 or 404)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "leader election: {Identity} could not read or write lease {Lease}", Identity, leaseName);
            return false;
        }
    }

    /// <summary>ReleaseOnCancel: a replica that stops cleanly empties the holder, so a standby takes over at once.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            await client.UpdateAsync<V1Lease>(Namespace, leaseName, lease =>
            {
                if (lease.Spec is not { } spec || LeaseRecord.From(lease).Holder != Identity)
                {
                    return false;
                }
                spec.HolderIdentity = "";
                spec.LeaseDurationSeconds = 1;
                return true;
            }).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("leader election: could not release {Lease}: {Message}", leaseName, ex.Message);
        }
    }

    private V1Lease NewLease(DateTimeOffset now) => new()
    {
        Metadata = new V1ObjectMeta { Name = leaseName, NamespaceProperty = Namespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = Identity,
            LeaseDurationSeconds = (int)options.LeaseDuration.TotalSeconds,
            AcquireTime = LeaseRecord.MicroTime(now),
            RenewTime = LeaseRecord.MicroTime(now),
            LeaseTransitions = 0,
        },
    };
}
