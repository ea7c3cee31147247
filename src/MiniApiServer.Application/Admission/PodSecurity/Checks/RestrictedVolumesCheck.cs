using k8s.Models;

namespace MiniApiServer.Application.Admission.PodSecurity.Checks;

/// <summary>
/// policy/check_restrictedVolumes.go: besides forbidding hostPath (it replaces hostPathVolumes at the restricted level),
/// inline volumes may only be configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected or
/// secret. A source this version does not know (an image volume, or none) is "unknown".
/// </summary>
public static class RestrictedVolumesCheck
{
    public static PodSecurityCheck Check { get; } = new("restrictedVolumes", PodSecurityLevel.Restricted,
    [
        new(0, RestrictedVolumes1Dot0, [HostPathVolumesCheck.Id]),
    ]);

    private static CheckResult RestrictedVolumes1Dot0(V1ObjectMeta? podMetadata, V1PodSpec podSpec)
    {
        List<string>? badVolumes = null;
        SortedSet<string>? badVolumeTypes = null;
        var volumes = podSpec.Volumes;
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            if (IsAllowed(volume))
            {
                continue;
            }
            CheckHelpers.Add(ref badVolumes, volume.Name ?? "");
            CheckHelpers.Add(ref badVolumeTypes, RestrictedType(volume));
        }
        if (badVolumes is null)
        {
            return CheckResult.Allow;
        }
        var count = badVolumes.Count;
        return CheckResult.Forbid("restricted volume types",
            $"{CheckHelpers.Pluralize("volume", "volumes", count)} {CheckHelpers.JoinQuote(badVolumes)} {CheckHelpers.Pluralize("uses", "use", count)} "
            + $"{CheckHelpers.Pluralize("restricted volume type", "restricted volume types", badVolumeTypes!.Count)} {CheckHelpers.JoinQuote(badVolumeTypes)}");
    }

    private static bool IsAllowed(V1Volume volume) =>
        volume.ConfigMap is not null || volume.Csi is not null || volume.DownwardAPI is not null || volume.EmptyDir is not null
        || volume.Ephemeral is not null || volume.PersistentVolumeClaim is not null || volume.Projected is not null || volume.Secret is not null;

    // The first source set, in upstream's order, names the volume's type.
    private static string RestrictedType(V1Volume volume) => volume switch
    {
        { HostPath: not null } => "hostPath",
        { GcePersistentDisk: not null } => "gcePersistentDisk",
        { AwsElasticBlockStore: not null } => "awsElasticBlockStore",
        { GitRepo: not null } => "gitRepo",
        { Nfs: not null } => "nfs",
        { Iscsi: not null } => "iscsi",
        { Glusterfs: not null } => "glusterfs",
        { Rbd: not null } => "rbd",
        { FlexVolume: not null } => "flexVolume",
        { Cinder: not null } => "cinder",
        { Cephfs: not null } => "cephfs",
        { Flocker: not null } => "flocker",
        { Fc: not null } => "fc",
        { AzureFile: not null } => "azureFile",
        { VsphereVolume: not null } => "vsphereVolume",
        { Quobyte: not null } => "quobyte",
        { AzureDisk: not null } => "azureDisk",
        { PhotonPersistentDisk: not null } => "photonPersistentDisk",
        { PortworxVolume: not null } => "portworxVolume",
        { ScaleIO: not null } => "scaleIO",
        { Storageos: not null } => "storageos",
        _ => "unknown",
    };
}
