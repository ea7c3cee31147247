using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Objects;

/// <summary>
/// Two admission plugins kube-apiserver runs on storage creates, in its order: DefaultStorageClass
/// (plugin/pkg/admission/storage/storageclass/setdefault) gives a claim without any class, field or beta annotation,
/// the default class (GetDefaultClass: the newest marked one); StorageObjectInUseProtection
/// (plugin/pkg/admission/storage/storageobjectinuseprotection) appends kubernetes.io/pvc-protection to every claim and
/// kubernetes.io/pv-protection to every volume, which the protection controllers remove once nothing uses them.
/// </summary>
public sealed partial class ResourceService
{
    public const string PvcProtectionFinalizer = "kubernetes.io/pvc-protection";
    public const string PvProtectionFinalizer = "kubernetes.io/pv-protection";

    private void AdmitStorageCreate(ResourceType type, JsonObject obj)
    {
        if (type == registry.PersistentVolumeClaims)
        {
            var meta = ObjectMeta.Of(obj);
            var spec = obj["spec"] as JsonObject;
            if (obj["spec"] is null or JsonObject && spec?["storageClassName"] is null
                && (meta["annotations"] as JsonObject)?.ContainsKey(StorageClasses.BetaStorageClassAnnotation) != true
                && DefaultStorageClass() is { } className)
            {
                spec ??= [];
                spec["storageClassName"] = className;
                obj["spec"] = spec;
            }
            AppendFinalizer(meta, PvcProtectionFinalizer);
        }
        else if (type == registry.PersistentVolumes)
        {
            AppendFinalizer(ObjectMeta.Of(obj), PvProtectionFinalizer);
        }
    }

    private void AdmitStorageCreate(ResourceType type, object model)
    {
        if (type == registry.PersistentVolumeClaims && model is V1PersistentVolumeClaim claim)
        {
            if (claim.Spec?.StorageClassName is null && claim.Metadata?.Annotations?.ContainsKey(StorageClasses.BetaStorageClassAnnotation) != true
                && DefaultStorageClass() is { } className)
            {
                (claim.Spec ??= new V1PersistentVolumeClaimSpec()).StorageClassName = className;
            }
            AppendFinalizer(claim.Metadata ??= new V1ObjectMeta(), PvcProtectionFinalizer);
        }
        else if (type == registry.PersistentVolumes && model is V1PersistentVolume volume)
        {
            AppendFinalizer(volume.Metadata ??= new V1ObjectMeta(), PvProtectionFinalizer);
        }
    }

    private static void AppendFinalizer(JsonObject meta, string finalizer)
    {
        if (meta["finalizers"] is JsonArray finalizers)
        {
            if (!finalizers.Any(f => f is JsonValue v && v.TryGetValue<string>(out var s) && s == finalizer))
            {
                finalizers.Add(finalizer);
            }
        }
        else if (meta["finalizers"] is null)
        {
            meta["finalizers"] = new JsonArray(finalizer);
        }
    }

    private static void AppendFinalizer(V1ObjectMeta meta, string finalizer)
    {
        meta.Finalizers ??= [];
        if (!meta.Finalizers.Contains(finalizer))
        {
            meta.Finalizers.Add(finalizer);
        }
    }

    private string? DefaultStorageClass() =>
        StorageClasses.DefaultClassName(store.Cache.List(registry.StorageClasses.StorageKey, null).Items.Select(Parse).Select(c =>
        {
            var meta = ObjectMeta.Of(c);
            var created = ObjectMeta.Str(meta, "creationTimestamp") is { Length: > 0 } text
                && DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                ? at : (DateTime?)null;
            var annotations = (meta["annotations"] as JsonObject)?
                .Where(p => p.Value is JsonValue v && v.TryGetValue<string>(out _))
                .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.Ordinal);
            return (ObjectMeta.Str(meta, "name") ?? "", created, (IDictionary<string, string>?)annotations);
        }));
}
