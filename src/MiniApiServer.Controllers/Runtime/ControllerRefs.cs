using k8s.Models;

namespace MiniApiServer.Controllers.Runtime;

/// <summary>metav1.NewControllerRef: the owner reference every workload controller puts on what it makes.</summary>
public static class ControllerRefs
{
    public static V1OwnerReference New(V1ObjectMeta owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner.Name,
        Uid = owner.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
