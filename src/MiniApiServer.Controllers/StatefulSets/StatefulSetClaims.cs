using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Events;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// createPersistentVolumeClaims and getPersistentVolumeClaims (stateful_pod_control.go, stateful_set_utils.go): one
/// claim per volumeClaimTemplate, named &lt;template&gt;-&lt;set&gt;-&lt;ordinal&gt;, labelled with the set's matchLabels,
/// made before the pod and never replaced while it exists. Nothing binds it: no storage is simulated.
/// </summary>
public sealed class StatefulSetClaims(ObjectClient client, ResourceService service, ResourceRegistry registry, EventRecorder events)
{
    public static List<V1PersistentVolumeClaim> ClaimsFor(V1StatefulSet set, int ordinal) =>
        [.. (set.Spec.VolumeClaimTemplates ?? []).Select(template =>
        {
            var claim = ModelCopy.Of(template);
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Metadata ??= new V1ObjectMeta();
            claim.Metadata.Name = StatefulPods.ClaimName(set, template.Metadata?.Name ?? "", ordinal);
            claim.Metadata.NamespaceProperty = set.Metadata.NamespaceProperty;
            claim.Metadata.Labels = new Dictionary<string, string>(claim.Metadata.Labels ?? new Dictionary<string, string>());
            foreach (var (key, value) in set.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                claim.Metadata.Labels[key] = value;
            }
            claim.Status = null;
            return claim;
        })];

    /// <summary>
    /// UpdatePodClaimForRetentionPolicy for each live pod: claims whose owner references disagree with the retention
    /// policy are updated (before condemned pods are deleted, so a whenScaled Delete claim goes with its pod).
    /// </summary>
    public async Task SyncOwnersAsync(V1StatefulSet set, IEnumerable<V1Pod> pods)
    {
        foreach (var pod in ClaimRetention.PodsWithClaims(set, pods))
        {
            foreach (var name in ClaimsFor(set, StatefulPods.Ordinal(pod)).Select(c => c.Metadata.Name))
            {
                if (service.TryGet(registry.PersistentVolumeClaims, set.Metadata.NamespaceProperty, name) is not { } stored
                    || !ClaimRetention.UpdateOwners(ModelCodec.Decode<V1PersistentVolumeClaim>(stored.Json), set, pod))
                {
                    continue;
                }
                try
                {
                    await client.UpdateAsync<V1PersistentVolumeClaim>(set.Metadata.NamespaceProperty, name, c => ClaimRetention.UpdateOwners(c, set, pod)).ConfigureAwait(false);
                }
                catch (ApiException ex) when (ex.Code == 404)
                {
                }
            }
        }
    }

    /// <summary>Creates the claims <paramref name="pod"/> needs that do not exist; a claim being deleted is an error.</summary>
    public async Task CreateMissingAsync(V1StatefulSet set, V1Pod pod)
    {
        var errors = new List<string>();
        foreach (var claim in ClaimsFor(set, StatefulPods.Ordinal(pod)))
        {
            var name = claim.Metadata.Name;
            if (service.TryGet(registry.PersistentVolumeClaims, claim.Metadata.NamespaceProperty, name) is { } existing)
            {
                if (ModelCodec.Decode<V1PersistentVolumeClaim>(existing.Json).Metadata.DeletionTimestamp is not null)
                {
                    errors.Add($"pvc {name} is being deleted");
                }
                continue;
            }
            try
            {
                await client.CreateAsync(claim).ConfigureAwait(false);
                events.Normal(set, "SuccessfulCreate", $"create Claim {name} Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} success", StatefulSetController.Component);
            }
            catch (ApiException ex)
            {
                errors.Add($"failed to create PVC {name}: {ex.Message}");
                if (ex.Reason != "AlreadyExists")
                {
                    events.Warning(set, "FailedCreate", $"create Claim {name} for Pod {pod.Metadata.Name} in StatefulSet {set.Metadata.Name} failed error: {ex.Message}", StatefulSetController.Component);
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new ApiException(500, "InternalError", errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]");
        }
    }
}
