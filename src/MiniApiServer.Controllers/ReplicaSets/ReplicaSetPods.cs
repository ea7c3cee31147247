using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>The pods of a ReplicaSet: GetPodFromTemplate and FilterActivePods (pkg/controller/controller_utils.go).</summary>
public static class ReplicaSetPods
{
    public static V1OwnerReference OwnerRef(V1ReplicaSet rs) => ControllerRefs.New(rs.Metadata, "apps/v1", "ReplicaSet");

    public static V1Pod Build(V1ReplicaSet rs)
    {
        var template = rs.Spec.Template;
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = rs.Metadata.Name + "-",
                NamespaceProperty = rs.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                Finalizers = template.Metadata?.Finalizers?.ToList(),
                OwnerReferences = [OwnerRef(rs)],
            },
            Spec = ModelCopy.Of(template.Spec),
        };
    }

    /// <summary>IsPodActive: not Succeeded, not Failed, not being deleted.</summary>
    public static bool IsActive(V1Pod pod) => !DaemonPods.IsTerminal(pod) && !DaemonPods.IsDeleting(pod);
}
