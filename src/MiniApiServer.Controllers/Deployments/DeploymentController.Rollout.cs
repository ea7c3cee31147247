using System.Globalization;
using k8s.Models;
using Microsoft.Extensions.Logging;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Deployments;

/// <summary>sync.go, rolling.go and recreate.go: the writes a sync makes to ReplicaSets, in upstream's order.</summary>
public sealed partial class DeploymentController
{
    /// <summary>sync: scaling only (paused, or spec.replicas changed), then the status.</summary>
    private async Task SyncAsync(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: false).ConfigureAwait(false);
        await ScaleAsync(d, newRs, oldRss).ConfigureAwait(false);
        if (d.Spec.Paused == true)
        {
            await CleanupAsync(d, oldRss).ConfigureAwait(false);
        }
        await StoreStatusAsync(d, DeploymentStatusCalculator.Calculate(All(newRs, oldRss), newRs, d, _time.GetUtcNow())).ConfigureAwait(false);
    }

    /// <summary>rolloutRolling: grow the new ReplicaSet within maxSurge, else shrink old ones within maxUnavailable.</summary>
    private async Task RolloutRollingAsync(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: true).ConfigureAwait(false);
        var all = All(newRs, oldRss);
        if (!await ReconcileNewReplicaSetAsync(d, all, newRs!).ConfigureAwait(false)
            && !await ReconcileOldReplicaSetsAsync(d, all, [.. oldRss.Where(rs => DeploymentUtil.Replicas(rs) > 0)], newRs!).ConfigureAwait(false)
            && DeploymentUtil.Complete(d, d.Status ?? new V1DeploymentStatus()))
        {
            await CleanupAsync(d, oldRss).ConfigureAwait(false);
        }
        await SyncRolloutStatusAsync(d, all, newRs).ConfigureAwait(false);
    }

    /// <summary>rolloutRecreate: every old pod gone (terminated, not only deleted) before the new ReplicaSet scales up.</summary>
    private async Task RolloutRecreateAsync(V1Deployment d, List<V1ReplicaSet> rsList)
    {
        var (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: false).ConfigureAwait(false);
        var scaledDown = false;
        foreach (var rs in oldRss.Where(rs => DeploymentUtil.Replicas(rs) > 0))
        {
            scaledDown |= await ScaleReplicaSetAsync(d, rs, 0).ConfigureAwait(false);
        }
        if (scaledDown || OldPodsRunning(newRs, oldRss))
        {
            await SyncRolloutStatusAsync(d, All(newRs, oldRss), newRs).ConfigureAwait(false);
            return;
        }
        if (newRs is null)
        {
            (newRs, oldRss) = await GetAllReplicaSetsAndSyncRevisionAsync(d, rsList, create: true).ConfigureAwait(false);
        }
        await ScaleReplicaSetAsync(d, newRs!, DeploymentUtil.Replicas(d)).ConfigureAwait(false);
        if (DeploymentUtil.Complete(d, d.Status ?? new V1DeploymentStatus()))
        {
            await CleanupAsync(d, oldRss).ConfigureAwait(false);
        }
        await SyncRolloutStatusAsync(d, All(newRs, oldRss), newRs).ConfigureAwait(false);
    }

    /// <summary>oldPodsRunning: old ReplicaSets report pods, or a pod of one is not yet Succeeded or Failed.</summary>
    private bool OldPodsRunning(V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss) =>
        oldRss.Sum(rs => rs.Status?.Replicas ?? 0) > 0
        || oldRss.Where(rs => rs.Metadata.Uid != newRs?.Metadata.Uid)
            .SelectMany(rs => _informers.Pods.ByIndex(SharedInformers.ByOwner, rs.Metadata.Uid))
            .Any(p => !DaemonPods.IsTerminal(p));

    private async Task<bool> ReconcileNewReplicaSetAsync(V1Deployment d, List<V1ReplicaSet> all, V1ReplicaSet newRs)
    {
        var desired = DeploymentUtil.Replicas(d);
        if (DeploymentUtil.Replicas(newRs) == desired)
        {
            return false;
        }
        var target = DeploymentUtil.Replicas(newRs) > desired ? desired : DeploymentUtil.NewRSNewReplicas(d, all, newRs);
        return await ScaleReplicaSetAsync(d, newRs, target).ConfigureAwait(false);
    }

    /// <summary>
    /// reconcileOldReplicaSets: scale old ReplicaSets down while the Deployment keeps spec.replicas - maxUnavailable
    /// available; unhealthy old replicas go first (cleanupUnhealthyReplicas), as they count for nothing.
    /// </summary>
    private async Task<bool> ReconcileOldReplicaSetsAsync(V1Deployment d, List<V1ReplicaSet> all, List<V1ReplicaSet> oldRss, V1ReplicaSet newRs)
    {
        if (oldRss.Sum(DeploymentUtil.Replicas) == 0)
        {
            return false;
        }
        var allPods = all.Sum(DeploymentUtil.Replicas);
        var minAvailable = DeploymentUtil.Replicas(d) - DeploymentUtil.MaxUnavailable(d);
        var newUnavailable = DeploymentUtil.Replicas(newRs) - (newRs.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return false;
        }
        var byAge = oldRss.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal).ToList();
        var cleaned = 0;
        foreach (var rs in byAge)
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }
            var unhealthy = DeploymentUtil.Replicas(rs) - (rs.Status?.AvailableReplicas ?? 0);
            if (DeploymentUtil.Replicas(rs) == 0 || unhealthy <= 0)
            {
                continue;
            }
            var count = Math.Min(maxScaledDown - cleaned, unhealthy);
            await ScaleReplicaSetAsync(d, rs, DeploymentUtil.Replicas(rs) - count).ConfigureAwait(false);
            cleaned += count;
        }
        // scaleDownOldReplicaSetsForRollingUpdate
        // A ReplicaSet just scaled down still reports its old availableReplicas until its controller recounts; taken
        // at face value, the next sync would scale it down again and break maxUnavailable. No more than spec.replicas
        // of its pods can stay (the rest are being deleted), so that is all that counts.
        var available = all.Sum(rs => Math.Min(DeploymentUtil.Replicas(rs), rs.Status?.AvailableReplicas ?? 0));
        var scaledDown = 0;
        if (available > minAvailable)
        {
            var total = available - minAvailable;
            foreach (var rs in byAge)
            {
                if (scaledDown >= total)
                {
                    break;
                }
                if (DeploymentUtil.Replicas(rs) == 0)
                {
                    continue;
                }
                var count = Math.Min(DeploymentUtil.Replicas(rs), total - scaledDown);
                await ScaleReplicaSetAsync(d, rs, DeploymentUtil.Replicas(rs) - count).ConfigureAwait(false);
                scaledDown += count;
            }
        }
        return cleaned + scaledDown > 0;
    }

    /// <summary>scale: proportional scaling of every active ReplicaSet when spec.replicas changes mid-rollout.</summary>
    private async Task ScaleAsync(V1Deployment d, V1ReplicaSet? newRs, List<V1ReplicaSet> oldRss)
    {
        if (DeploymentUtil.FindActiveOrLatest(newRs, oldRss) is { } activeOrLatest)
        {
            if (DeploymentUtil.Replicas(activeOrLatest) != DeploymentUtil.Replicas(d))
            {
                await ScaleReplicaSetAsync(d, activeOrLatest, DeploymentUtil.Replicas(d)).ConfigureAwait(false);
            }
            return;
        }
        if (DeploymentUtil.IsSaturated(d, newRs))
        {
            foreach (var old in oldRss.Where(rs => DeploymentUtil.Replicas(rs) > 0))
            {
                await ScaleReplicaSetAsync(d, old, 0).ConfigureAwait(false);
            }
            return;
        }
        if (!DeploymentUtil.IsRolling(d))
        {
            return;
        }
        var active = All(newRs, oldRss).Where(rs => DeploymentUtil.Replicas(rs) > 0).ToList();
        var allowed = DeploymentUtil.Replicas(d) > 0 ? DeploymentUtil.Replicas(d) + DeploymentUtil.MaxSurge(d) : 0;
        var toAdd = allowed - active.Sum(DeploymentUtil.Replicas);
        // ReplicaSetsBySizeNewer when growing, ReplicaSetsBySizeOlder when shrinking: the largest takes the leftover.
        active = toAdd > 0
            ? [.. active.OrderByDescending(DeploymentUtil.Replicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp)]
            : [.. active.OrderByDescending(DeploymentUtil.Replicas).ThenBy(rs => rs.Metadata.CreationTimestamp)];
        var sizes = new Dictionary<V1ReplicaSet, int>();
        var added = 0;
        foreach (var rs in active)
        {
            var proportion = toAdd == 0 ? 0 : DeploymentUtil.Proportion(rs, d, toAdd, added);
            sizes[rs] = DeploymentUtil.Replicas(rs) + proportion;
            added += proportion;
        }
        for (var i = 0; i < active.Count; i++)
        {
            if (i == 0 && toAdd != 0)
            {
                sizes[active[i]] = Math.Max(0, sizes[active[i]] + toAdd - added);
            }
            await ScaleReplicaSetAsync(d, active[i], sizes[active[i]]).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// scaleReplicaSet: writes the size and the desired/max-replicas annotations (which proportional scaling reads
    /// back); true when the size changed, with upstream's ScalingReplicaSet event. The copy is updated in place.
    /// </summary>
    private async Task<bool> ScaleReplicaSetAsync(V1Deployment d, V1ReplicaSet rs, int newScale)
    {
        var oldScale = DeploymentUtil.Replicas(rs);
        var sizeChanges = oldScale != newScale;
        var probe = ModelCopy.Of(rs);
        var annotationsChange = DeploymentUtil.SetReplicasAnnotations(probe, DeploymentUtil.Replicas(d), DeploymentUtil.Replicas(d) + DeploymentUtil.MaxSurge(d));
        if (!sizeChanges && !annotationsChange)
        {
            return false;
        }
        var result = await _client.UpdateAsync<V1ReplicaSet>(rs.Metadata.NamespaceProperty, rs.Metadata.Name, fresh =>
        {
            if (fresh.Metadata.Uid != rs.Metadata.Uid)
            {
                throw ApiErrors.Conflict(_registry.ReplicaSets, rs.Metadata.Name, "the ReplicaSet was replaced");
            }
            fresh.Spec.Replicas = newScale;
            DeploymentUtil.SetReplicasAnnotations(fresh, DeploymentUtil.Replicas(d), DeploymentUtil.Replicas(d) + DeploymentUtil.MaxSurge(d));
            return true;
        }).ConfigureAwait(false);
        var stored = ObjectClient.Read<V1ReplicaSet>(result);
        rs.Spec = stored.Spec;
        rs.Status = stored.Status;
        rs.Metadata = stored.Metadata;
        if (sizeChanges)
        {
            var operation = newScale > oldScale ? "up" : "down";
            _events.Normal(d, "ScalingReplicaSet", $"Scaled {operation} replica set {rs.Metadata.Name} from {oldScale} to {newScale}", Component);
        }
        return sizeChanges;
    }

    /// <summary>cleanupDeployment: delete the oldest empty ReplicaSets beyond revisionHistoryLimit.</summary>
    private async Task CleanupAsync(V1Deployment d, List<V1ReplicaSet> oldRss)
    {
        if (d.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }
        var cleanable = oldRss.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return;
        }
        foreach (var rs in cleanable.OrderBy(rs => DeploymentUtil.Revision(rs.Metadata)).ThenBy(rs => rs.Metadata.CreationTimestamp).Take(diff))
        {
            if ((rs.Status?.Replicas ?? 0) != 0 || DeploymentUtil.Replicas(rs) != 0 || (rs.Metadata.Generation ?? 0) > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }
            try
            {
                await _client.DeleteAsync<V1ReplicaSet>(rs.Metadata.NamespaceProperty, rs.Metadata.Name, new DeleteOptions(PreconditionUid: rs.Metadata.Uid)).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code is 404 or 409)
            {
                // Gone already, or replaced under its name.
            }
        }
    }

    private async Task SyncRolloutStatusAsync(V1Deployment d, List<V1ReplicaSet> all, V1ReplicaSet? newRs) =>
        await StoreStatusAsync(d, DeploymentStatusCalculator.Rollout(all, newRs, d, _time.GetUtcNow())).ConfigureAwait(false);

    /// <summary>
    /// getAllReplicaSetsAndSyncRevision / getNewReplicaSet: the new ReplicaSet (created when asked and missing) carries
    /// the next revision, and the Deployment's revision annotation follows it.
    /// </summary>
    private async Task<(V1ReplicaSet? New, List<V1ReplicaSet> Old)> GetAllReplicaSetsAndSyncRevisionAsync(V1Deployment d, List<V1ReplicaSet> rsList, bool create)
    {
        var (existing, oldRss) = Split(d, rsList);
        var newRevision = DeploymentUtil.MaxRevision(oldRss) + 1;
        if (existing is not null)
        {
            var probe = ModelCopy.Of(existing);
            if (DeploymentUtil.SetNewReplicaSetAnnotations(d, probe, newRevision, exists: true) || existing.Spec.MinReadySeconds != d.Spec.MinReadySeconds)
            {
                var result = await _client.UpdateAsync<V1ReplicaSet>(existing.Metadata.NamespaceProperty, existing.Metadata.Name, fresh =>
                {
                    DeploymentUtil.SetNewReplicaSetAnnotations(d, fresh, newRevision, exists: true);
                    fresh.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                    return true;
                }).ConfigureAwait(false);
                var stored = ObjectClient.Read<V1ReplicaSet>(result);
                existing.Metadata = stored.Metadata;
                existing.Spec = stored.Spec;
                existing.Status = stored.Status;
                return (existing, oldRss);
            }
            var status = ModelCopy.Of(d.Status ?? new V1DeploymentStatus());
            if (DeploymentUtil.HasProgressDeadline(d) && DeploymentStatusCalculator.Find(status, DeploymentStatusCalculator.Progressing) is null)
            {
                DeploymentStatusCalculator.SetCondition(status, DeploymentStatusCalculator.Condition(DeploymentStatusCalculator.Progressing, "True",
                    "FoundNewReplicaSet", $"Found new replica set \"{existing.Metadata.Name}\"", _time.GetUtcNow()));
            }
            var revision = existing.Metadata.Annotations?.TryGetValue(DeploymentUtil.RevisionAnnotation, out var r) == true ? r : null;
            await StoreStatusAsync(d, status, revision).ConfigureAwait(false);
            return (existing, oldRss);
        }
        if (!create)
        {
            return (null, oldRss);
        }
        return (await CreateNewReplicaSetAsync(d, oldRss, newRevision).ConfigureAwait(false), oldRss);
    }

    private async Task<V1ReplicaSet> CreateNewReplicaSetAsync(V1Deployment d, List<V1ReplicaSet> oldRss, long newRevision)
    {
        var template = ModelCopy.Of(d.Spec.Template);
        var hash = DeploymentUtil.ComputeHash(template, d.Status?.CollisionCount);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [DeploymentUtil.PodTemplateHashLabel] = hash,
        };
        var selector = ModelCopy.Of(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>())
        {
            [DeploymentUtil.PodTemplateHashLabel] = hash,
        };
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata.Name}-{hash}",
                NamespaceProperty = d.Metadata.NamespaceProperty,
                OwnerReferences = [OwnerRef(d)],
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        var replicas = DeploymentUtil.NewRSNewReplicas(d, [.. oldRss, rs], rs);
        rs.Spec.Replicas = replicas;
        DeploymentUtil.SetNewReplicaSetAnnotations(d, rs, newRevision, exists: false);
        V1ReplicaSet created;
        var alreadyExists = false;
        try
        {
            created = await _client.CreateAsync(rs).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Reason == "AlreadyExists")
        {
            alreadyExists = true;
            var found = DecodeStored(_service.TryGet(_registry.ReplicaSets, rs.Metadata.NamespaceProperty, rs.Metadata.Name));
            if (found is null || DaemonPods.ControllerRef(found.Metadata)?.Uid != d.Metadata.Uid || !DeploymentUtil.EqualIgnoreHash(d.Spec.Template, found.Spec.Template))
            {
                // A hash collision: another template's ReplicaSet has the name. collisionCount changes the next hash.
                var status = ModelCopy.Of(d.Status ?? new V1DeploymentStatus());
                status.CollisionCount = (status.CollisionCount ?? 0) + 1;
                await StoreStatusAsync(d, status).ConfigureAwait(false);
                _logger.LogInformation("deployment {Namespace}/{Name}: hash collision on {ReplicaSet}; collisionCount is now {Count}",
                    d.Metadata.NamespaceProperty, d.Metadata.Name, rs.Metadata.Name, status.CollisionCount);
                throw;
            }
            created = found;
        }
        catch (ApiException ex)
        {
            var message = $"Failed to create new replica set \"{rs.Metadata.Name}\": {ex.Message}";
            if (DeploymentUtil.HasProgressDeadline(d))
            {
                var status = ModelCopy.Of(d.Status ?? new V1DeploymentStatus());
                DeploymentStatusCalculator.SetCondition(status, DeploymentStatusCalculator.Condition(DeploymentStatusCalculator.Progressing, "False",
                    "ReplicaSetCreateError", message, _time.GetUtcNow()));
                await StoreStatusAsync(d, status).ConfigureAwait(false);
            }
            _events.Warning(d, "ReplicaSetCreateError", message, Component);
            throw;
        }
        if (!alreadyExists && replicas > 0)
        {
            _events.Normal(d, "ScalingReplicaSet", $"Scaled up replica set {created.Metadata.Name} from 0 to {replicas}", Component);
        }
        var newStatus = ModelCopy.Of(d.Status ?? new V1DeploymentStatus());
        if (!alreadyExists && DeploymentUtil.HasProgressDeadline(d))
        {
            DeploymentStatusCalculator.SetCondition(newStatus, DeploymentStatusCalculator.Condition(DeploymentStatusCalculator.Progressing, "True",
                "NewReplicaSetCreated", $"Created new replica set \"{created.Metadata.Name}\"", _time.GetUtcNow()));
        }
        await StoreStatusAsync(d, newStatus, newRevision.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        return ModelCopy.Of(created);
    }

    private static V1ReplicaSet? DecodeStored(MiniApiServer.Storage.StoredObject? stored) =>
        stored is null ? null : Application.Serialization.ModelCodec.Decode<V1ReplicaSet>(stored.Json);
}
