using k8s.Models;
using MiniApiServer.Controllers.Replication;

namespace MiniApiServer.UnitTests.Replication;

/// <summary>pkg/controller/replication/conversion.go: a ReplicationController as the ReplicaSet the shared controller syncs.</summary>
public class ReplicationControllerConversionTests
{
    private static readonly DateTime Then = new(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    [Fact]
    public void ToReplicaSet_SelectorMapIsMatchLabels_AndTheObjectStillNamesTheReplicationController()
    {
        var rc = new V1ReplicationController
        {
            ApiVersion = "v1",
            Kind = "ReplicationController",
            Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns", Uid = "u1", Generation = 4 },
            Spec = new V1ReplicationControllerSpec
            {
                Replicas = 3,
                MinReadySeconds = 7,
                Selector = new Dictionary<string, string> { ["app"] = "web" },
                Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "i" }] } },
            },
            Status = new V1ReplicationControllerStatus
            {
                Replicas = 2, FullyLabeledReplicas = 2, ReadyReplicas = 1, AvailableReplicas = 1, ObservedGeneration = 3,
                Conditions = [new V1ReplicationControllerCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedCreate", Message = "quota", LastTransitionTime = Then }],
            },
        };

        var rs = ReplicationControllerConversion.ToReplicaSet(rc);

        Assert.Equal(("v1", "ReplicationController", "web", "u1"), (rs.ApiVersion, rs.Kind, rs.Metadata.Name, rs.Metadata.Uid));
        Assert.Equal(3, rs.Spec.Replicas);
        Assert.Equal(7, rs.Spec.MinReadySeconds);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web" }, rs.Spec.Selector.MatchLabels);
        Assert.Null(rs.Spec.Selector.MatchExpressions);
        Assert.Equal("c", rs.Spec.Template.Spec.Containers[0].Name);
        Assert.Equal((2, 2, 1, 1, 3L), (rs.Status.Replicas, rs.Status.FullyLabeledReplicas!.Value, rs.Status.ReadyReplicas!.Value, rs.Status.AvailableReplicas!.Value, rs.Status.ObservedGeneration!.Value));
        var condition = Assert.Single(rs.Status.Conditions);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate", "quota", Then), (condition.Type, condition.Status, condition.Reason, condition.Message, condition.LastTransitionTime!.Value));
    }

    [Fact]
    public void ToStatus_CopiesEveryCountAndCondition()
    {
        var status = ReplicationControllerConversion.ToStatus(new V1ReplicaSetStatus
        {
            Replicas = 5, FullyLabeledReplicas = 4, ReadyReplicas = 3, AvailableReplicas = 2, ObservedGeneration = 9,
            Conditions = [new V1ReplicaSetCondition { Type = "ReplicaFailure", Status = "True", Reason = "FailedDelete", Message = "m", LastTransitionTime = Then }],
        });

        Assert.Equal((5, 4, 3, 2, 9L), (status.Replicas, status.FullyLabeledReplicas!.Value, status.ReadyReplicas!.Value, status.AvailableReplicas!.Value, status.ObservedGeneration!.Value));
        var condition = Assert.Single(status.Conditions);
        Assert.Equal(("ReplicaFailure", "True", "FailedDelete", "m", Then), (condition.Type, condition.Status, condition.Reason, condition.Message, condition.LastTransitionTime!.Value));
    }

    [Fact]
    public void ToReplicaSet_WithoutStatus_HasNone()
    {
        var rs = ReplicationControllerConversion.ToReplicaSet(new V1ReplicationController { Metadata = new V1ObjectMeta { Name = "x" }, Spec = new V1ReplicationControllerSpec() });

        Assert.Null(rs.Status);
        Assert.Null(rs.Spec.Selector);
    }
}
