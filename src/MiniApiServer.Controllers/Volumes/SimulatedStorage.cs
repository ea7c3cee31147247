using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.Controllers.Volumes;

/// <summary>
/// The storage every fresh cluster has, as k3s ships rancher.io/local-path: a default class whose volumes are
/// node-local directories, provisioned once a pod using the claim is scheduled (WaitForFirstConsumer).
/// </summary>
public static class SimulatedStorage
{
    public const string ProvisionerName = "sim.miniapiserver.io/local-path";
    public const string ClassName = "standard";
    public const string BasePath = "/var/lib/miniapiserver/storage";

    public static V1StorageClass DefaultClass() => new()
    {
        ApiVersion = "storage.k8s.io/v1",
        Kind = "StorageClass",
        Metadata = new V1ObjectMeta
        {
            Name = ClassName,
            Annotations = new Dictionary<string, string> { [StorageClasses.IsDefaultClassAnnotation] = "true" },
        },
        Provisioner = ProvisionerName,
        ReclaimPolicy = "Delete",
        VolumeBindingMode = StorageClasses.WaitForFirstConsumer,
    };
}
