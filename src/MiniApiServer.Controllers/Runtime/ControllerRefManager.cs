using k8s;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Selectors;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>
/// pkg/controller/controller_ref_manager.go ClaimObject: of the candidates in the owner's namespace, keep the
/// ones it controls that still match, release the ones it controls that no longer match, and adopt matching
/// orphans once <c>canAdopt</c> (RecheckDeletionTimestamp, asked at most once) says the owner is alive. An owner
/// being deleted neither releases nor adopts: the garbage collector is orphaning or deleting its dependents.
/// </summary>
public sealed class ControllerRefManager(ObjectClient client)
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>
    /// Claims the candidates; <paramref name="filter"/> (ClaimPods' filters, e.g. the StatefulSet's name check) must
    /// hold as well as the selector for an object to be kept or adopted.
    /// </summary>
    public async Task<List<T>> ClaimAsync<T>(V1OwnerReference owner, bool ownerDeleting, LabelSelector selector, IEnumerable<T> candidates, Func<bool> canAdopt,
        Func<T, bool>? filter = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var claimed = new List<T>();
        bool? adoptable = null;
        foreach (var obj in candidates)
        {
            var controller = obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            // Decoded labels are a Dictionary, already read-only to the selector: no wrapper per candidate.
            var matches = selector.Matches(obj.Metadata.Labels switch
            {
                null => NoLabels,
                IReadOnlyDictionary<string, string> labels => labels,
                var labels => labels.AsReadOnly(),
            }) && (filter is null || filter(obj));
            if (controller is not null)
            {
                if (controller.Uid != owner.Uid)
                {
                    continue;
                }
                if (matches)
                {
                    claimed.Add(obj);
                }
                else if (!ownerDeleting)
                {
                    await UpdateOwnersAsync(obj, refs => refs.RemoveAll(r => r.Uid == owner.Uid)).ConfigureAwait(false);
                }
                continue;
            }
            if (ownerDeleting || !matches || obj.Metadata.DeletionTimestamp is not null)
            {
                continue;
            }
            adoptable ??= canAdopt();
            if (adoptable.Value && await UpdateOwnersAsync(obj, refs => Adopt(refs, owner)).ConfigureAwait(false))
            {
                claimed.Add(obj);
            }
        }
        return claimed;
    }

    /// <summary>
    /// AdoptX / ReleaseX as a typed update pinned to the uid the claim was decided on, as the uid in upstream's claim
    /// patch does; an object that is gone or was replaced under its name is not claimed.
    /// </summary>
    private async Task<bool> UpdateOwnersAsync<T>(T obj, Action<List<V1OwnerReference>> change)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var same = true;
        try
        {
            await client.UpdateAsync<T>(obj.Metadata.NamespaceProperty, obj.Metadata.Name, o =>
            {
                same = o.Metadata.Uid == obj.Metadata.Uid;
                if (!same)
                {
                    return false;
                }
                var owners = o.Metadata.OwnerReferences?.ToList() ?? [];
                change(owners);
                o.Metadata.OwnerReferences = owners.Count == 0 ? null : owners;
                return true;
            }).ConfigureAwait(false);
            return same;
        }
        catch (ApiException ex) when (ex.Code is 404 or 422)
        {
            return false;
        }
    }

    private static void Adopt(List<V1OwnerReference> owners, V1OwnerReference owner)
    {
        var i = owners.FindIndex(r => r.Uid == owner.Uid);
        if (i >= 0)
        {
            owners[i] = owner;
        }
        else
        {
            owners.Add(owner);
        }
    }
}
