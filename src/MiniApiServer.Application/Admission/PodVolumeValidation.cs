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
    // validateVolumeSource's order: the first source set is validated, every later one is refused at its own path, which
    // upstream spells "cephFS" and "downwarAPI" for two of them. Sources newer than this list follow it.
    private static readonly (string Json, string Path)[] SourceOrder =
    [
        ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"), ("gcePersistentDisk", "gcePersistentDisk"),
        ("awsElasticBlockStore", "awsElasticBlockStore"), ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"), ("glusterfs", "glusterfs"),
        ("flocker", "flocker"), ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"), ("cinder", "cinder"), ("cephfs", "cephFS"),
        ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"), ("flexVolume", "flexVolume"), ("configMap", "configMap"),
        ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"), ("photonPersistentDisk", "photonPersistentDisk"),
        ("portworxVolume", "portworxVolume"), ("azureDisk", "azureDisk"), ("storageos", "storageos"), ("projected", "projected"),
        ("scaleIO", "scaleIO"), ("csi", "csi"), ("ephemeral", "ephemeral"), ("image", "image"),
    ];

    // Every V1Volume property but the name is a volume source; each read through its getter bound once, as pods are
    // defaulted and validated on every create.
    private static readonly (string Path, Func<V1Volume, object?> Get)[] Sources = typeof(V1Volume).GetProperties()
        // A getter binds to Func<V1Volume, object?> only for a reference type: a value-typed property a later client
        // library might add would otherwise fail this type's initialisation, and with it every pod create.
        .Where(p => p.Name != nameof(V1Volume.Name) && !p.PropertyType.IsValueType)
        .Select(p => (Json: p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? p.Name, Property: p))
        .Select(s => (Index: Array.FindIndex(SourceOrder, o => o.Json == s.Json), s.Json, s.Property))
        .OrderBy(s => s.Index >= 0 ? s.Index : int.MaxValue)
        .Select(s => (s.Index >= 0 ? SourceOrder[s.Index].Path : s.Json, s.Property.GetMethod!.CreateDelegate<Func<V1Volume, object?>>()))
        .ToArray();

    /// <summary>Whether any source field is set (SetDefaults_Volume gives a volume without one an emptyDir).</summary>
    public static bool HasSource(V1Volume volume)
    {
        foreach (var (_, get) in Sources)
        {
            if (get(volume) is not null)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The names of the volumes that validated, which mounts may refer to (ValidateVolumes' map).</summary>
    public static HashSet<string> ValidateVolumes(IList<V1Volume>? volumes, string spec, FieldErrors errors)
    {
        var valid = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (volumes?.Count ?? 0); i++)
        {
            var volume = volumes![i];
            var path = new VolumePath(spec, i);
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

    public static void ValidateMounts(IList<V1VolumeMount>? mounts, HashSet<string> volumes, ContainerValidation.ContainerPath container, FieldErrors errors)
    {
        HashSet<string>? mountPoints = null;
        for (var i = 0; i < (mounts?.Count ?? 0); i++)
        {
            var mount = mounts![i];
            var path = new MountPath(container, i);
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

    private static void ValidateSource(V1Volume volume, VolumePath path, FieldErrors errors)
    {
        var sources = 0;
        foreach (var (sourcePath, get) in Sources)
        {
            if (get(volume) is not { } source)
            {
                continue;
            }
            if (++sources > 1)
            {
                errors.Forbidden($"{path}.{sourcePath}", "may not specify more than 1 volume type");
                continue;
            }
            // Only the first source's own fields are checked; a refused one is not looked into.
            switch (source)
            {
                case V1ConfigMapVolumeSource { Name: null or "" }:
                    errors.Required($"{path}.configMap.name");
                    break;
                case V1SecretVolumeSource { SecretName: null or "" }:
                    errors.Required($"{path}.secret.secretName");
                    break;
                case V1PersistentVolumeClaimVolumeSource { ClaimName: null or "" }:
                    errors.Required($"{path}.persistentVolumeClaim.claimName");
                    break;
                case V1HostPathVolumeSource { Path: null or "" }:
                    errors.Required($"{path}.hostPath.path");
                    break;
            }
        }
        if (sources == 0)
        {
            errors.Required(path.ToString(), "must specify a volume type");
        }
    }

    // A volume's and a mount's place, made a string only for an error: pods carry both on every create.
    private readonly record struct VolumePath(string Spec, int Index)
    {
        public override string ToString() => $"{Spec}.volumes[{Index}]";
    }

    private readonly record struct MountPath(ContainerValidation.ContainerPath Container, int Index)
    {
        public override string ToString() => $"{Container}.volumeMounts[{Index}]";
    }
}
