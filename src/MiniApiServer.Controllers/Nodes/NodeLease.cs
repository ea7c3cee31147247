using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// The kubelet's node Lease (pkg/kubelet/nodelease, component-helpers/apimachinery/lease/controller.go):
/// kube-node-lease/&lt;node&gt;, held by the node, 40s duration, renewed every renew interval, owned by the Node.
/// </summary>
public static class NodeLease
{
    public const string Namespace = "kube-node-lease";
    public const int DurationSeconds = 40;

    /// <summary>Due when the last renewal is at least <paramref name="interval"/> minus one tick of slack old.</summary>
    public static bool IsDue(V1Lease? lease, DateTimeOffset now, TimeSpan interval, TimeSpan slack) =>
        lease?.Spec?.RenewTime is not { } renewed || now - KubeTime.Of(renewed) >= interval - slack;

    public static V1Lease Build(V1Node node, DateTimeOffset now)
    {
        var lease = new V1Lease
        {
            ApiVersion = "coordination.k8s.io/v1",
            Kind = "Lease",
            Metadata = new V1ObjectMeta { Name = node.Metadata.Name, NamespaceProperty = Namespace },
        };
        Renew(lease, node, now);
        return lease;
    }

    public static void Renew(V1Lease lease, V1Node node, DateTimeOffset now)
    {
        lease.Spec ??= new V1LeaseSpec();
        lease.Spec.HolderIdentity = node.Metadata.Name;
        lease.Spec.LeaseDurationSeconds = DurationSeconds;
        lease.Spec.RenewTime = KubeTime.MicroTime(now);
        // setNodeOwnerFunc: the lease is garbage collected with its node.
        if (lease.Metadata.OwnerReferences?.Any(o => o.Uid == node.Metadata.Uid) != true)
        {
            lease.Metadata.OwnerReferences =
            [
                new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid },
            ];
        }
    }
}
