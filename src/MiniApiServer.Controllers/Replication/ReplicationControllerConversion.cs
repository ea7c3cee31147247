using k8s.Models;
using MiniApiServer.Application.Serialization;

namespace MiniApiServer.Controllers.Replication;

/// <summary>
/// pkg/controller/replication/conversion.go: a ReplicationController as the ReplicaSet the shared controller syncs, and
/// that ReplicaSet's status back. The label map becomes matchLabels. The converted object keeps the
/// ReplicationController's kind and apiVersion, so the events recorded against it name the ReplicationController, as
/// upstream's podControlAdapter converts back before recording.
/// </summary>
public static class ReplicationControllerConversion
{
    public static V1ReplicaSet ToReplicaSet(V1ReplicationController rc) => new()
    {
        ApiVersion = "v1",
        Kind = "ReplicationController",
        Metadata = rc.Metadata,
        Spec = new V1ReplicaSetSpec
        {
            Replicas = rc.Spec?.Replicas,
            MinReadySeconds = rc.Spec?.MinReadySeconds,
            Selector = rc.Spec?.Selector is { } selector ? new V1LabelSelector { MatchLabels = selector } : null,
            Template = rc.Spec?.Template,
        },
        Status = rc.Status is { } status ? Convert<V1ReplicaSetStatus>(status) : null,
    };

    public static V1ReplicationControllerStatus ToStatus(V1ReplicaSetStatus status) => Convert<V1ReplicationControllerStatus>(status);

    // The two statuses, conditions included, have the same fields under the same JSON names (Convert_v1_ReplicationControllerStatus_To_apps_ReplicaSetStatus copies them one by one).
    private static T Convert<T>(object status) => ModelCodec.Decode<T>(ModelCodec.Encode(status));
}
