using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.ReplicaSets;

/// <summary>The pods of a ReplicaSet: GetPodFromTemplate and FilterActivePods (pkg/controller/controller_utils.go).</summary>
public static class ReplicaSetPods
{
    /// <param name="owner">The controllerRef: the ReplicaSet's, or the ReplicationController's it was converted from.</param>
    public static V1Pod Build(V1ReplicaSet rs, V1OwnerReference owner)
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
                OwnerReferences = [owner],
            },
            Spec = ModelCopy.Of(template.Spec),
        };
    }

    /// <summary>IsPodActive: not Succeeded, not Failed, not being deleted.</summary>
    public static bool IsActive(V1Pod pod) => !DaemonPods.IsTerminal(pod) && !DaemonPods.IsDeleting(pod);
}
