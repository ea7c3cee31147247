using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>The one write that ends a volume, shared by the PV controller's in-tree deleters and the provisioner.</summary>
public static class VolumeDeletion
{
    /// <summary>Deletes this volume (a uid precondition): gone already, or replaced by another of that name, is no error.</summary>
    public static async Task DeleteAsync(ObjectClient client, V1PersistentVolume volume, CancellationToken ct)
    {
        try
        {
            await client.DeleteAsync<V1PersistentVolume>("", volume.Metadata.Name, new DeleteOptions(PreconditionUid: volume.Metadata.Uid), ct).ConfigureAwait(false);
        }
        catch (ApiException ex) when (ex.Code is 404 or 409)
        {
            // Nothing of this volume is left to delete.
        }
    }
}
