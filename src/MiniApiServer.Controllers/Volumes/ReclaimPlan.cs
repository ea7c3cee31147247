using System.Text.RegularExpressions;
using k8s.Models;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// reclaimVolume's choice for a Released volume (pv_controller.go), with the in-tree plugins simulated: nothing on
/// the host is touched, a deletion or recycling only does to the objects what the plugin's success would.
/// </summary>
public static partial class ReclaimPlan
{
    public enum Kind
    {
        Keep,
        DeleteObject,
        Recycle,
        Fail,
    }

    public static Kind For(V1PersistentVolume volume)
    {
        var spec = volume.Spec ?? new V1PersistentVolumeSpec();
        return spec.PersistentVolumeReclaimPolicy switch
        {
            "Retain" => Kind.Keep,
            // findDeletablePlugin: a volume an external provisioner made (or a CSI one) waits for that provisioner.
            "Delete" when IsExternal(volume) || spec.Csi is not null => Kind.Keep,
            "Delete" when spec.HostPath?.Path is { } path && TmpPath().IsMatch(path) => Kind.DeleteObject,
            "Recycle" when spec.HostPath is not null || spec.Nfs is not null => Kind.Recycle,
            _ => Kind.Fail,
        };
    }

    /// <summary>The event reason and the message (also the volume's status.message) of a reclaim that cannot be done.</summary>
    public static (string Reason, string Message) Failure(V1PersistentVolume volume)
    {
        var spec = volume.Spec ?? new V1PersistentVolumeSpec();
        return spec.PersistentVolumeReclaimPolicy switch
        {
            // pkg/volume/hostpath/host_path.go hostPathDeleter.Delete.
            "Delete" when spec.HostPath is { } hostPath => ("VolumeFailedDelete", $"host_path deleter only supports /tmp/.+ but received provided {hostPath.Path}"),
            "Delete" => ("VolumeFailedDelete", $"error getting deleter volume plugin for volume \"{volume.Metadata.Name}\": no deletable volume plugin matched"),
            "Recycle" => ("VolumeFailedRecycle", "No recycler plugin found for the volume!"),
            _ => ("VolumeUnknownReclaimPolicy", "Volume has unrecognized PersistentVolumeReclaimPolicy"),
        };
    }

    private static bool IsExternal(V1PersistentVolume volume) =>
        VolumeAnnotations.Get(volume.Metadata.Annotations, VolumeAnnotations.ProvisionedBy) is { Length: > 0 } by
        && !by.StartsWith("kubernetes.io/", StringComparison.Ordinal);

    [GeneratedRegex("/tmp/.+")]
    private static partial Regex TmpPath();
}
