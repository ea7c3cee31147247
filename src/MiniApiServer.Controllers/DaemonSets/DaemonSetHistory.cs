using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.DaemonSets;

/// <summary>
/// ControllerRevision handling from pkg/controller/daemon/update.go: constructHistory, snapshot,
/// dedupCurHistories and cleanupHistory. A rollback reuses the matching old revision and renumbers it,
/// so pods still on that template count as updated and are not restarted.
/// </summary>
public sealed class DaemonSetHistory(ResourceService service, ObjectClient client, ResourceRegistry registry, SharedInformers informers)
{
    /// <summary>getPatch: {"spec":{"template":{...,"$patch":"replace"}}} with sorted keys.</summary>
    public static JsonObject Patch(V1DaemonSet ds) => TemplatePatch(ds.Spec.Template);

    /// <summary>
    /// The getPatch of the DaemonSet and StatefulSet controllers: {"spec":{"template":{...,"$patch":"replace"}}} with
    /// sorted keys, a revision's data.
    /// </summary>
    public static JsonObject TemplatePatch(V1PodTemplateSpec podTemplate)
    {
        var template = ModelCodec.Encode(podTemplate);
        template["$patch"] = "replace";
        return SortedJson.Sort(new JsonObject { ["spec"] = new JsonObject { ["template"] = template } })!.AsObject();
    }

    public static bool Match(V1DaemonSet ds, V1ControllerRevision rev) =>
        SortedJson.Canonical(ModelCodec.Encode(rev)["data"]) == SortedJson.Canonical(Patch(ds));

    public static string Hash(V1DaemonSet ds) =>
        RevisionHash.Compute(SortedJson.Canonical(ModelCodec.Encode(ds.Spec.Template)), ds.Status?.CollisionCount);

    public List<V1ControllerRevision> Controlled(V1DaemonSet ds) =>
        informers.ControllerRevisions.ByIndex(SharedInformers.ByOwner, ds.Metadata.Uid)
            .Where(r => DaemonPods.ControllerRef(r.Metadata)?.Uid == ds.Metadata.Uid)
            .ToList();

    /// <summary>Returns the current revision and the old ones, creating or renumbering as needed.</summary>
    public async Task<(V1ControllerRevision Current, List<V1ControllerRevision> Old)> ConstructAsync(V1DaemonSet ds)
    {
        var histories = await AdoptAndLabelAsync(ds).ConfigureAwait(false);
        var current = histories.Where(h => Match(ds, h)).ToList();
        var old = histories.Where(h => !Match(ds, h)).ToList();
        var nextRevision = (old.Count == 0 ? 0 : old.Max(h => (long?)h.Revision) ?? 0) + 1;
        V1ControllerRevision cur;
        if (current.Count == 0)
        {
            cur = await SnapshotAsync(ds, nextRevision).ConfigureAwait(false);
        }
        else
        {
            cur = await DedupAsync(ds, current).ConfigureAwait(false);
            if (((long?)cur.Revision ?? 0) < nextRevision)
            {
                cur = await UpdateRevisionAsync(cur, r =>
                {
                    if (r.Revision == nextRevision)
                    {
                        return false;
                    }
                    r.Revision = nextRevision;
                    return true;
                }).ConfigureAwait(false);
            }
        }
        return (cur, old);
    }

    /// <summary>Deletes the oldest revisions beyond revisionHistoryLimit that no live pod still uses.</summary>
    public async Task CleanupAsync(V1DaemonSet ds, List<V1ControllerRevision> old, IEnumerable<V1Pod> pods)
    {
        var toKill = old.Count - (ds.Spec.RevisionHistoryLimit ?? 10);
        if (toKill <= 0)
        {
            return;
        }
        var live = pods.Select(p => DaemonPods.Label(p.Metadata, DaemonPods.RevisionHashLabel)).Where(h => h is not null).ToHashSet();
        foreach (var rev in old.OrderBy(r => (long?)r.Revision ?? 0))
        {
            if (toKill <= 0)
            {
                break;
            }
            if (live.Contains(DaemonPods.Label(rev.Metadata, DaemonPods.RevisionHashLabel)))
            {
                continue;
            }
            await DeleteRevisionAsync(rev).ConfigureAwait(false);
            toKill--;
        }
    }

    private async Task<List<V1ControllerRevision>> AdoptAndLabelAsync(V1DaemonSet ds)
    {
        var selector = NodeEligibility.Selector(ds);
        var result = new List<V1ControllerRevision>();
        foreach (var rev in informers.ControllerRevisions.ByIndex(SharedInformers.ByNamespace, ds.Metadata.NamespaceProperty))
        {
            var owner = DaemonPods.ControllerRef(rev.Metadata);
            var current = rev;
            if (owner is null)
            {
                if (!selector.Matches((rev.Metadata.Labels ?? new Dictionary<string, string>()).AsReadOnly()))
                {
                    continue;
                }
                current = await UpdateRevisionAsync(rev, r =>
                {
                    r.Metadata.OwnerReferences ??= [];
                    r.Metadata.OwnerReferences.Add(DaemonPodTemplate.OwnerRef(ds));
                    return true;
                }).ConfigureAwait(false);
            }
            else if (owner.Uid != ds.Metadata.Uid)
            {
                continue;
            }
            if (current.Metadata.Labels?.ContainsKey(DaemonPods.RevisionHashLabel) != true)
            {
                var name = current.Metadata.Name;
                current = await UpdateRevisionAsync(current, r =>
                {
                    r.Metadata.Labels ??= new Dictionary<string, string>();
                    if (r.Metadata.Labels.TryGetValue(DaemonPods.RevisionHashLabel, out var hash) && hash == name)
                    {
                        return false;
                    }
                    r.Metadata.Labels[DaemonPods.RevisionHashLabel] = name;
                    return true;
                }).ConfigureAwait(false);
            }
            result.Add(current);
        }
        return result;
    }

    private async Task<V1ControllerRevision> SnapshotAsync(V1DaemonSet ds, long revision)
    {
        var hash = Hash(ds);
        var name = $"{ds.Metadata.Name}-{hash}";
        var labels = new Dictionary<string, string>(ds.Spec.Template.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [DaemonPods.RevisionHashLabel] = hash,
        };
        var revisionObject = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = ds.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = new Dictionary<string, string>(ds.Metadata.Annotations ?? new Dictionary<string, string>()),
                OwnerReferences = [DaemonPodTemplate.OwnerRef(ds)],
            },
            // data is a raw patch, so the revision is written as the same JSON the hash and Match see.
            Data = Patch(ds),
            Revision = revision,
        };
        try
        {
            return await client.CreateAsync(revisionObject).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Reason == "AlreadyExists")
        {
            var existing = service.TryGet(registry.ControllerRevisions, ds.Metadata.NamespaceProperty, name);
            if (existing is not null && Match(ds, ModelCodec.Decode<V1ControllerRevision>(existing.Json)))
            {
                return ModelCodec.Decode<V1ControllerRevision>(existing.Json);
            }
            // A different template hashed to the same name: bump collisionCount so the next sync hashes differently.
            await client.UpdateAsync<V1DaemonSet>(ds.Metadata.NamespaceProperty, ds.Metadata.Name, d =>
            {
                d.Status ??= new V1DaemonSetStatus();
                d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1;
                return true;
            }, status: true).ConfigureAwait(false);
            throw;
        }
    }

    private async Task<V1ControllerRevision> DedupAsync(V1DaemonSet ds, List<V1ControllerRevision> current)
    {
        if (current.Count == 1)
        {
            return current[0];
        }
        var keep = current.OrderBy(r => (long?)r.Revision ?? 0).Last();
        var keepHash = DaemonPods.Label(keep.Metadata, DaemonPods.RevisionHashLabel) ?? keep.Metadata.Name;
        foreach (var pod in informers.Pods.ByIndex(SharedInformers.ByOwner, ds.Metadata.Uid))
        {
            if (DaemonPods.Label(pod.Metadata, DaemonPods.RevisionHashLabel) == keepHash)
            {
                continue;
            }
            try
            {
                await client.UpdateAsync<V1Pod>(pod.Metadata.NamespaceProperty, pod.Metadata.Name, p =>
                {
                    p.Metadata.Labels ??= new Dictionary<string, string>();
                    if (p.Metadata.Labels.TryGetValue(DaemonPods.RevisionHashLabel, out var hash) && hash == keepHash)
                    {
                        return false;
                    }
                    p.Metadata.Labels[DaemonPods.RevisionHashLabel] = keepHash;
                    return true;
                }).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 404)
            {
            }
        }
        foreach (var dup in current.Where(r => !ReferenceEquals(r, keep)))
        {
            await DeleteRevisionAsync(dup).ConfigureAwait(false);
        }
        return keep;
    }

    private async Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision rev, Func<V1ControllerRevision, bool> change)
    {
        var result = await client.UpdateAsync(rev.Metadata.NamespaceProperty, rev.Metadata.Name, change).ConfigureAwait(false);
        return ObjectClient.Read<V1ControllerRevision>(result);
    }

    private async Task DeleteRevisionAsync(V1ControllerRevision rev)
    {
        try
        {
            await client.DeleteAsync<V1ControllerRevision>(rev.Metadata.NamespaceProperty, rev.Metadata.Name, DeleteOptions.Default).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code == 404)
        {
        }
    }
}
