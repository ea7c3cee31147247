using System.Reflection;
using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// ValidateVolumes and ValidateVolumeMounts (pkg/apis/core/validation/validation.go, 1.32): each volume names itself
/// once with a DNS-1123 label and exactly one source, the common sources name what they take from, and a container
/// mounts only volumes the pod has, each at its own path.
/// </summary>
public static class PodVolumeValidation
{
    // validateVolumeSource's order, in which a second source is the one refused; sources newer than this list follow.
    private static readonly string[] SourceOrder =
    [
        "hostPath", "emptyDir", "gitRepo", "gcePersistentDisk", "awsElasticBlockStore", "secret", "nfs", "iscsi", "glusterfs",
        "flexVolume", "persistentVolumeClaim", "rbd", "quobyte", "cinder", "cephfs", "flocker", "downwardAPI", "fc", "azureFile",
        "vsphereVolume", "photonPersistentDisk", "portworxVolume", "azureDisk", "storageos", "projected", "scaleIO", "configMap",
        "csi", "ephemeral", "image",
    ];

    // Every V1Volume property but the name is a volume source.
    private static readonly (string Json, PropertyInfo Property)[] Sources = typeof(V1Volume).GetProperties()
        .Where(p => p.Name != nameof(V1Volume.Name))
        .Select(p => (Json: p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? p.Name, Property: p))
        .OrderBy(s => Array.IndexOf(SourceOrder, s.Json) is var i and >= 0 ? i : int.MaxValue)
        .ToArray();

    /// <summary>The names of the volumes that validated, which mounts may refer to (ValidateVolumes' map).</summary>
    public static HashSet<string> ValidateVolumes(IList<V1Volume>? volumes, string spec, FieldErrors errors)
    {
        var valid = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            var path = $"{spec}.volumes[{i}]";
            var before = errors.Count;
            ValidateSource(volume, path, errors);
            if (string.IsNullOrEmpty(volume.Name))
            {
                errors.Required($"{path}.name");
            }
            else if (ObjectMetaValidation.LabelNameError(volume.Name) is { } nameError)
            {
                errors.Invalid($"{path}.name", volume.Name, nameError);
            }
            if (valid.Contains(volume.Name ?? ""))
            {
                errors.Duplicate($"{path}.name", volume.Name);
            }
            // Only a volume without errors is recorded, so a duplicate of a bad one is not reported twice.
            if (errors.Count == before)
            {
                valid.Add(volume.Name!);
            }
        }
        return valid;
    }

    public static void ValidateMounts(IList<V1VolumeMount>? mounts, HashSet<string> volumes, string container, FieldErrors errors)
    {
        HashSet<string>? mountPoints = null;
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var mount = mounts![i];
            var path = $"{container}.volumeMounts[{i}]";
            if (string.IsNullOrEmpty(mount.Name))
            {
                errors.Required($"{path}.name");
            }
            if (!volumes.Contains(mount.Name ?? ""))
            {
                errors.NotFound($"{path}.name", mount.Name ?? "");
            }
            if (string.IsNullOrEmpty(mount.MountPath))
            {
                errors.Required($"{path}.mountPath");
            }
            if (!(mountPoints ??= new HashSet<string>(StringComparer.Ordinal)).Add(mount.MountPath ?? ""))
            {
                errors.Invalid($"{path}.mountPath", mount.MountPath, "must be unique");
            }
        }
    }

    private static void ValidateSource(V1Volume volume, string path, FieldErrors errors)
    {
        var sources = 0;
        foreach (var (json, property) in Sources)
        {
            if (property.GetValue(volume) is not null && ++sources > 1)
            {
                errors.Forbidden($"{path}.{json}", "may not specify more than 1 volume type");
            }
        }
        if (sources == 0)
        {
            errors.Required(path, "must specify a volume type");
            return;
        }
        if (volume.ConfigMap is { } configMap && string.IsNullOrEmpty(configMap.Name))
        {
            errors.Required($"{path}.configMap.name");
        }
        if (volume.Secret is { } secret && string.IsNullOrEmpty(secret.SecretName))
        {
            errors.Required($"{path}.secret.secretName");
        }
        if (volume.PersistentVolumeClaim is { } claim && string.IsNullOrEmpty(claim.ClaimName))
        {
            errors.Required($"{path}.persistentVolumeClaim.claimName");
        }
        if (volume.HostPath is { } hostPath && string.IsNullOrEmpty(hostPath.Path))
        {
            errors.Required($"{path}.hostPath.path");
        }
    }
}
