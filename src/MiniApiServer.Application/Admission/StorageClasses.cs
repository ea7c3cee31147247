using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// The class and binding helpers every storage component shares (pkg/apis/storage/util/helpers.go IsDefaultAnnotation,
/// component-helpers/storage/volume GetPersistentVolumeClaimClass and GetPersistentVolumeClass).
/// </summary>
public static class StorageClasses
{
    public const string IsDefaultClassAnnotation = "storageclass.kubernetes.io/is-default-class";
    public const string BetaIsDefaultClassAnnotation = "storageclass.beta.kubernetes.io/is-default-class";
    public const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";
    public const string WaitForFirstConsumer = "WaitForFirstConsumer";
    public const string Immediate = "Immediate";

    /// <summary>IsDefaultAnnotation: either annotation set to exactly "true".</summary>
    public static bool IsDefault(IDictionary<string, string>? annotations) =>
        annotations is not null
        && ((annotations.TryGetValue(IsDefaultClassAnnotation, out var v) && v == "true")
            || (annotations.TryGetValue(BetaIsDefaultClassAnnotation, out var beta) && beta == "true"));

    /// <summary>GetPersistentVolumeClaimClass: the beta annotation wins over the field; "" means no class.</summary>
    public static string ClaimClass(V1PersistentVolumeClaim claim) =>
        claim.Metadata?.Annotations?.TryGetValue(BetaStorageClassAnnotation, out var annotated) == true ? annotated : claim.Spec?.StorageClassName ?? "";

    /// <summary>GetPersistentVolumeClass: the beta annotation wins over the field.</summary>
    public static string VolumeClass(V1PersistentVolume volume) =>
        volume.Metadata?.Annotations?.TryGetValue(BetaStorageClassAnnotation, out var annotated) == true ? annotated : volume.Spec?.StorageClassName ?? "";

    /// <summary>
    /// GetDefaultClass (pkg/volume/util/storageclass.go, 1.26+): of the classes marked default, the newest by
    /// creationTimestamp, ties to the smallest name; null when none is marked.
    /// </summary>
    public static string? DefaultClassName(IEnumerable<(string Name, DateTime? Created, IDictionary<string, string>? Annotations)> classes) =>
        classes.Where(c => IsDefault(c.Annotations))
            .OrderByDescending(c => c.Created ?? DateTime.MinValue)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => c.Name)
            .FirstOrDefault();

    public static string? DefaultClassName(IEnumerable<V1StorageClass> classes) =>
        DefaultClassName(classes.Select(c => (c.Metadata.Name, c.Metadata.CreationTimestamp, (IDictionary<string, string>?)c.Metadata.Annotations)));
}
