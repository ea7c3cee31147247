using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Selectors;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.StatefulSets;

/// <summary>
/// A StatefulSet's ControllerRevisions (stateful_set_control.go getStatefulSetRevisions and truncateHistory,
/// stateful_set_utils.go newRevision and ApplyRevision, pkg/controller/history): one revision per distinct pod
/// template, named &lt;set&gt;-&lt;hash&gt;; a template seen before (a rollback) renumbers its old revision instead of
/// making a new one, and a hash taken by another template bumps collisionCount.
/// </summary>
public sealed class StatefulSetHistory(ObjectClient client, ControllerRefManager refs, SharedInformers informers, ResourceService service, ResourceRegistry registry)
{
    /// <summary>ListRevisions and adoptOrphanRevisions: the revisions the set controls and the matching orphans, oldest first.</summary>
    public async Task<List<V1ControllerRevision>> ListAsync(V1StatefulSet set, LabelSelector selector, Func<bool> canAdopt)
    {
        var candidates = informers.ControllerRevisions.ByIndex(SharedInformers.ByNamespace, set.Metadata.NamespaceProperty);
        var owned = await refs.ClaimAsync(StatefulPods.OwnerRef(set), set.Metadata.DeletionTimestamp is not null, selector, candidates, canAdopt).ConfigureAwait(false);
        return [.. owned.OrderBy(r => r.Revision).ThenBy(r => r.Metadata.CreationTimestamp).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)];
    }

    /// <summary>getStatefulSetRevisions: the current and update revisions, creating or renumbering the update one.</summary>
    public async Task<StatefulSetRevisions> RevisionsAsync(V1StatefulSet set, List<V1ControllerRevision> revisions)
    {
        var collisionCount = set.Status?.CollisionCount ?? 0;
        var patch = DaemonSetHistory.TemplatePatch(set.Spec.Template);
        var next = revisions.Count == 0 ? 1 : (revisions[^1].Revision ?? 0) + 1;
        var equal = revisions.Where(r => SameData(r, patch)).ToList();
        V1ControllerRevision update;
        if (equal.Count > 0 && SameData(revisions[^1], patch))
        {
            update = revisions[^1];
        }
        else if (equal.Count > 0)
        {
            var renumbered = await client.UpdateAsync<V1ControllerRevision>(equal[^1].Metadata.NamespaceProperty, equal[^1].Metadata.Name, r =>
            {
                r.Revision = next;
                return true;
            }).ConfigureAwait(false);
            update = ObjectClient.Read<V1ControllerRevision>(renumbered);
        }
        else
        {
            (update, collisionCount) = await CreateAsync(set, patch, next, collisionCount).ConfigureAwait(false);
        }
        var current = revisions.FirstOrDefault(r => r.Metadata.Name == set.Status?.CurrentRevision) ?? update;
        return new StatefulSetRevisions(current.Metadata.Name, TemplateOf(current), update.Metadata.Name, TemplateOf(update), collisionCount);
    }

    /// <summary>
    /// truncateHistory: revisions that are neither current, update, nor any pod's are deleted oldest first until at
    /// most revisionHistoryLimit remain.
    /// </summary>
    public async Task TruncateAsync(V1StatefulSet set, IEnumerable<V1Pod> pods, List<V1ControllerRevision> revisions, StatefulSetRevisions live)
    {
        var liveNames = pods.Select(StatefulPods.Revision).OfType<string>().Append(live.CurrentName).Append(live.UpdateName).ToHashSet();
        var history = revisions.Where(r => !liveNames.Contains(r.Metadata.Name)).ToList();
        var limit = set.Spec.RevisionHistoryLimit ?? 10;
        // 1.32.0 validation accepts a negative limit; upstream truncates nothing then (kubernetes#129322).
        if (limit < 0)
        {
            return;
        }
        foreach (var old in history.Take(Math.Max(0, history.Count - limit)))
        {
            try
            {
                await client.DeleteAsync<V1ControllerRevision>(old.Metadata.NamespaceProperty, old.Metadata.Name, DeleteOptions.Default).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
            }
        }
    }

    /// <summary>ApplyRevision: the pod template a revision's data replaces the set's with.</summary>
    public static V1PodTemplateSpec TemplateOf(V1ControllerRevision revision)
    {
        var template = ModelCodec.Encode(revision)["data"]?["spec"]?["template"]?.DeepClone().AsObject() ?? [];
        template.Remove("$patch");
        return ModelCodec.Decode<V1PodTemplateSpec>(template);
    }

    private static bool SameData(V1ControllerRevision revision, JsonObject patch) =>
        SortedJson.Canonical(ModelCodec.Encode(revision)["data"]) == SortedJson.Canonical(patch);

    /// <summary>
    /// history.CreateControllerRevision: a name taken by the same data under this set is the revision; taken by
    /// anything else, the collision count goes up and the name is hashed again.
    /// </summary>
    private async Task<(V1ControllerRevision Revision, int CollisionCount)> CreateAsync(V1StatefulSet set, JsonObject patch, long revision, int collisionCount)
    {
        var ns = set.Metadata.NamespaceProperty;
        var prefix = set.Metadata.Name.Length > 223 ? set.Metadata.Name[..223] : set.Metadata.Name;
        while (true)
        {
            var name = $"{prefix}-{RevisionHash.Compute(SortedJson.Canonical(patch), collisionCount)}";
            var created = new V1ControllerRevision
            {
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = ns,
                    Labels = set.Spec.Template.Metadata?.Labels is { } labels ? new Dictionary<string, string>(labels) : null,
                    Annotations = set.Metadata.Annotations is { } annotations ? new Dictionary<string, string>(annotations) : null,
                    OwnerReferences = [StatefulPods.OwnerRef(set)],
                },
                Data = patch,
                Revision = revision,
            };
            try
            {
                return (await client.CreateAsync(created).ConfigureAwait(false), collisionCount);
            }
            catch (ApiException ex) when (ex.Reason == "AlreadyExists")
            {
                var existing = service.TryGet(registry.ControllerRevisions, ns, name) is { } stored ? ModelCodec.Decode<V1ControllerRevision>(stored.Json) : null;
                if (existing is not null && SameData(existing, patch) && DaemonPods.ControllerRef(existing.Metadata)?.Uid == set.Metadata.Uid)
                {
                    return (existing, collisionCount);
                }
                collisionCount++;
            }
        }
    }
}
