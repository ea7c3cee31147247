namespace MiniApiServer.Controllers.Volumes;

/// <summary>The binding annotations of k8s.io/component-helpers/storage/volume/helpers.go.</summary>
public static class VolumeAnnotations
{
    public const string BindCompleted = "pv.kubernetes.io/bind-completed";
    public const string BoundByController = "pv.kubernetes.io/bound-by-controller";
    public const string SelectedNode = "volume.kubernetes.io/selected-node";
    public const string StorageProvisioner = "volume.kubernetes.io/storage-provisioner";
    public const string BetaStorageProvisioner = "volume.beta.kubernetes.io/storage-provisioner";
    public const string ProvisionedBy = "pv.kubernetes.io/provisioned-by";
    public const string Yes = "yes";

    public static bool Has(IDictionary<string, string>? annotations, string key) => annotations?.ContainsKey(key) == true;

    public static string? Get(IDictionary<string, string>? annotations, string key) =>
        annotations is not null && annotations.TryGetValue(key, out var value) ? value : null;
}
