using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/core/persistentvolume/strategy.go, SetDefaults_PersistentVolume and the core of
/// ValidatePersistentVolume(Update) (pkg/apis/core/validation/validation.go): access modes, a storage capacity,
/// exactly one volume source (a local one with node affinity), a reclaim policy; the source, volume mode and node
/// affinity fixed once set. Status starts Pending and is written through the status subresource.
/// </summary>
public sealed class PersistentVolumeStrategy(ResourceType type) : TypedStrategy<V1PersistentVolume>(type)
{
    private static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    private static readonly string[] ReclaimPolicies = ["Delete", "Recycle", "Retain"];

    // validatePersistentVolumeSpec's order of sources, each the JSON name of a PersistentVolumeSource field.
    private static readonly (string Path, Func<V1PersistentVolumeSpec, object?> Get)[] Sources =
    [
        ("hostPath", s => s.HostPath), ("gcePersistentDisk", s => s.GcePersistentDisk), ("awsElasticBlockStore", s => s.AwsElasticBlockStore),
        ("glusterfs", s => s.Glusterfs), ("flocker", s => s.Flocker), ("nfs", s => s.Nfs), ("rbd", s => s.Rbd), ("quobyte", s => s.Quobyte),
        ("cephfs", s => s.Cephfs), ("iscsi", s => s.Iscsi), ("cinder", s => s.Cinder), ("fc", s => s.Fc), ("flexVolume", s => s.FlexVolume),
        ("azureFile", s => s.AzureFile), ("vsphereVolume", s => s.VsphereVolume), ("photonPersistentDisk", s => s.PhotonPersistentDisk),
        ("portworxVolume", s => s.PortworxVolume), ("azureDisk", s => s.AzureDisk), ("scaleIO", s => s.ScaleIO), ("local", s => s.Local),
        ("storageos", s => s.Storageos), ("csi", s => s.Csi),
    ];

    protected override void PrepareForCreate(V1PersistentVolume volume, DateTimeOffset now)
    {
        Default(volume);
        // PersistentVolumeLastPhaseTransitionTime (GA in 1.31): a new volume is Pending from now.
        volume.Status = new V1PersistentVolumeStatus { Phase = "Pending", LastPhaseTransitionTime = KubeTime.Time(now) };
    }

    protected override void PrepareForUpdate(V1PersistentVolume volume, V1PersistentVolume old, bool statusOnly)
    {
        if (statusOnly)
        {
            // persistentvolumeStatusStrategy: an unchanged phase keeps its transition time; a changed one is stamped
            // now unless the writer set a new time. The update path is given no clock; metav1.Time keeps whole seconds.
            var status = volume.Status ??= new V1PersistentVolumeStatus();
            if (status.Phase == old.Status?.Phase && status.LastPhaseTransitionTime is null)
            {
                status.LastPhaseTransitionTime = old.Status?.LastPhaseTransitionTime;
            }
            else if (status.Phase != old.Status?.Phase
                && (status.LastPhaseTransitionTime is null || Nullable.Equals(status.LastPhaseTransitionTime, old.Status?.LastPhaseTransitionTime)))
            {
                status.LastPhaseTransitionTime = KubeTime.Time(DateTimeOffset.UtcNow);
            }
            return;
        }
        Default(volume);
    }

    /// <summary>ValidatePersistentVolumeSpec's checks, in its order (the metadata's are the generic ones).</summary>
    protected override void Validate(V1PersistentVolume volume, FieldErrors errors)
    {
        var spec = volume.Spec ?? new V1PersistentVolumeSpec();
        var modes = spec.AccessModes ?? [];
        if (modes.Count == 0)
        {
            errors.Required("spec.accessModes");
        }
        foreach (var mode in modes.Where(m => !AccessModes.Contains(m)))
        {
            errors.NotSupported("spec.accessModes", mode, AccessModes);
        }
        if (modes.Contains("ReadWriteOncePod") && modes.Any(m => m != "ReadWriteOncePod" && AccessModes.Contains(m)))
        {
            errors.Forbidden("spec.accessModes", "may not use ReadWriteOncePod with other access modes");
        }
        ValidateCapacity(spec.Capacity, errors);
        if (spec.PersistentVolumeReclaimPolicy is { Length: > 0 } policy && !ReclaimPolicies.Contains(policy))
        {
            errors.NotSupported("spec.persistentVolumeReclaimPolicy", policy, ReclaimPolicies);
        }
        var nodeAffinity = ValidateNodeAffinity(spec.NodeAffinity, errors);
        ValidateSources(spec, nodeAffinity, errors);
        if (spec.StorageClassName is { Length: > 0 } className && ObjectMetaValidation.SubdomainError(className) is { } classError)
        {
            errors.Invalid("spec.storageClassName", className, classError);
        }
        if (spec.VolumeMode is { } volumeMode && volumeMode is not ("Block" or "Filesystem"))
        {
            errors.NotSupported("spec.volumeMode", volumeMode, "Block", "Filesystem");
        }
    }

    /// <summary>ValidatePersistentVolumeUpdate: every create rule, then the source, the volume mode and a set node affinity fixed.</summary>
    protected override void ValidateUpdate(V1PersistentVolume volume, V1PersistentVolume old, FieldErrors errors)
    {
        Validate(volume, errors);
        var spec = volume.Spec ?? new V1PersistentVolumeSpec();
        var oldSpec = old.Spec ?? new V1PersistentVolumeSpec();
        if (Sources.Any(s => !Semantic.DeepEqual(s.Get(spec), s.Get(oldSpec))))
        {
            // Upstream appends a cmp.Diff of the two sources to this line; its layout is Go's and not reproduced.
            errors.Forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation");
        }
        if (spec.VolumeMode != oldSpec.VolumeMode)
        {
            errors.Immutable("volumeMode", spec.VolumeMode);
        }
        if (oldSpec.NodeAffinity is not null && !Semantic.DeepEqual(spec.NodeAffinity, oldSpec.NodeAffinity))
        {
            // Upstream prints the new affinity with %#v, whose pointers are addresses; the beta-to-GA label renames it
            // allows are not recognized here.
            errors.Invalid("nodeAffinity", new GoSyntax("&core.VolumeNodeAffinity{...}"), "field is immutable, except for updating from beta label to GA");
        }
    }

    /// <summary>ValidatePersistentVolumeStatusUpdate: the metadata's rules only (the spec comes from the stored object).</summary>
    protected override void ValidateStatusUpdate(V1PersistentVolume volume, V1PersistentVolume old, FieldErrors errors)
    {
    }

    private static void Default(V1PersistentVolume volume)
    {
        volume.Spec ??= new V1PersistentVolumeSpec();
        if (string.IsNullOrEmpty(volume.Spec.PersistentVolumeReclaimPolicy))
        {
            volume.Spec.PersistentVolumeReclaimPolicy = "Retain";
        }
        volume.Spec.VolumeMode ??= "Filesystem";
        if (volume.Spec.HostPath is { } hostPath)
        {
            hostPath.Type ??= "";
        }
    }

    private static void ValidateCapacity(IDictionary<string, ResourceQuantity>? capacity, FieldErrors errors)
    {
        if (capacity is null || capacity.Count == 0)
        {
            errors.Required("spec.capacity");
        }
        if (capacity is null || !capacity.ContainsKey("storage") || capacity.Count > 1)
        {
            errors.NotSupported("spec.capacity", new GoSyntax(CapacityText(capacity)), "storage");
        }
        foreach (var (name, quantity) in capacity ?? new Dictionary<string, ResourceQuantity>())
        {
            // ValidatePositiveQuantityValue.
            if (QuantityMath.Exact(quantity) <= 0)
            {
                errors.Invalid($"spec.capacity[{name}]", QuantityMath.Text(quantity), "must be greater than zero");
            }
        }
    }

    // NotSupported prints the Go map with %#v (core.ResourceList(nil) when absent), each Quantity as its struct; here
    // each quantity is its text instead.
    private static string CapacityText(IDictionary<string, ResourceQuantity>? capacity) => capacity is null ? "core.ResourceList(nil)" :
        "core.ResourceList{" + string.Join(", ", (capacity ?? new Dictionary<string, ResourceQuantity>()).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"\"{p.Key}\":\"{QuantityMath.Text(p.Value)}\"")) + "}";

    /// <summary>validateVolumeNodeAffinity: required terms when node affinity is given; true when it is.</summary>
    private static bool ValidateNodeAffinity(V1VolumeNodeAffinity? affinity, FieldErrors errors)
    {
        if (affinity is null)
        {
            return false;
        }
        if (affinity.Required is not { } required)
        {
            errors.Required("spec.nodeAffinity.required", "must specify required node constraints");
            return true;
        }
        if ((required.NodeSelectorTerms?.Count ?? 0) == 0)
        {
            errors.Required("spec.nodeAffinity.required.nodeSelectorTerms", "must have at least one node selector term");
        }
        return true;
    }

    private static void ValidateSources(V1PersistentVolumeSpec spec, bool nodeAffinity, FieldErrors errors)
    {
        var sources = 0;
        foreach (var (path, get) in Sources)
        {
            if (get(spec) is not { } source)
            {
                continue;
            }
            if (++sources > 1)
            {
                errors.Forbidden($"spec.{path}", "may not specify more than 1 volume type");
                continue;
            }
            switch (source)
            {
                case V1HostPathVolumeSource hostPath:
                    ValidateLocalPath("spec.hostPath.path", hostPath.Path, errors);
                    break;
                case V1LocalVolumeSource local:
                    ValidateLocalPath("spec.local.path", local.Path, errors);
                    if (!nodeAffinity)
                    {
                        errors.Required("spec.nodeAffinity", "Local volume requires node affinity");
                    }
                    break;
                case V1CSIPersistentVolumeSource csi when string.IsNullOrEmpty(csi.Driver):
                    errors.Required("spec.csi.driver");
                    break;
            }
        }
        if (sources == 0)
        {
            errors.Required("spec", "must specify a volume type");
        }
        if (spec.HostPath?.Path is { } root && root.TrimEnd('/').Length == 0 && root.Length > 0 && spec.PersistentVolumeReclaimPolicy == "Recycle")
        {
            errors.Forbidden("spec.persistentVolumeReclaimPolicy", "may not be 'recycle' for a hostPath mount of '/'");
        }
    }

    /// <summary>validateHostPathVolumeSource / validateLocalVolumeSource: a path, without "..".</summary>
    private static void ValidateLocalPath(string path, string? value, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Required(path);
            return;
        }
        if (value.Split('/').Contains(".."))
        {
            errors.Invalid(path, value, "must not contain '..'");
        }
    }
}
