using k8s.Models;
using MiniApiServer.Controllers.Deployments;

namespace MiniApiServer.UnitTests.Deployments;

/// <summary>Cases from pkg/controller/deployment/util/deployment_util_test.go and rolling_test.go.</summary>
public sealed class DeploymentUtilTests
{
    private static V1Deployment Deployment(int replicas, string maxSurge, string maxUnavailable) => new()
    {
        Metadata = new V1ObjectMeta { Name = "d" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = maxSurge, MaxUnavailable = maxUnavailable },
            },
            Template = new V1PodTemplateSpec(),
        },
    };

    private static V1ReplicaSet Rs(int replicas) => new() { Metadata = new V1ObjectMeta(), Spec = new V1ReplicaSetSpec { Replicas = replicas } };

    [Theory]
    [InlineData(10, "25%", "25%", 3, 2)]
    [InlineData(1, "25%", "25%", 1, 0)]
    [InlineData(10, "0", "0%", 0, 1)]
    [InlineData(3, "0", "0", 0, 1)]
    [InlineData(5, "2", "1", 2, 1)]
    public void ResolveFenceposts_SurgeRoundsUp_UnavailableRoundsDown_BothZeroMeansOne(int replicas, string surge, string unavailable, int wantSurge, int wantUnavailable) =>
        Assert.Equal((wantSurge, wantUnavailable), DeploymentUtil.ResolveFenceposts(Deployment(replicas, surge, unavailable)));

    [Theory]
    // rolling_test.go TestDeploymentController_reconcileNewReplicaSet: (deployment replicas, maxSurge, old, new) -> new size
    [InlineData(10, "0", 10, 0, 0)]
    [InlineData(10, "2", 10, 0, 2)]
    [InlineData(10, "2", 5, 0, 7)]
    [InlineData(10, "2", 0, 5, 10)]
    [InlineData(10, "2", 2, 8, 10)]
    public void NewRSNewReplicas_GrowsWithinMaxSurge(int replicas, string maxSurge, int oldReplicas, int newReplicas, int want)
    {
        var d = Deployment(replicas, maxSurge, "0");
        var newRs = Rs(newReplicas);
        Assert.Equal(want, DeploymentUtil.NewRSNewReplicas(d, [Rs(oldReplicas), newRs], newRs));
    }

    /// <summary>
    /// An old ReplicaSet scaled from 6 to 5 still reports 6 pods until its controller marks one for deletion; the new
    /// one may not take that slot yet, or a watcher sees 9 pods where replicas + maxSurge is 8.
    /// </summary>
    [Fact]
    public void NewRSNewReplicas_WaitsForAScaledDownReplicaSetToReportFewerPods()
    {
        var d = Deployment(6, "2", "1");
        var old = Rs(5);
        old.Status = new V1ReplicaSetStatus { Replicas = 6 };
        var newRs = Rs(2);
        newRs.Status = new V1ReplicaSetStatus { Replicas = 2 };
        Assert.Equal(2, DeploymentUtil.NewRSNewReplicas(d, [old, newRs], newRs));

        old.Status.Replicas = 5;
        Assert.Equal(3, DeploymentUtil.NewRSNewReplicas(d, [old, newRs], newRs));
    }

    [Fact]
    public void MaxUnavailable_NeverExceedsReplicas_AndIsZeroForRecreate()
    {
        Assert.Equal(2, DeploymentUtil.MaxUnavailable(Deployment(2, "0", "100%")));
        var recreate = Deployment(10, "0", "5");
        recreate.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate" };
        Assert.Equal(0, DeploymentUtil.MaxUnavailable(recreate));
    }

    [Fact]
    public void SetNewReplicaSetAnnotations_BumpsRevision_AndKeepsItsHistory()
    {
        var d = Deployment(3, "1", "0");
        d.Metadata.Annotations = new Dictionary<string, string> { ["team"] = "a", ["kubectl.kubernetes.io/last-applied-configuration"] = "{}" };
        var rs = Rs(3);
        rs.Metadata.Annotations = new Dictionary<string, string> { [DeploymentUtil.RevisionAnnotation] = "1" };
        Assert.True(DeploymentUtil.SetNewReplicaSetAnnotations(d, rs, 3, exists: true));
        Assert.Equal("3", rs.Metadata.Annotations[DeploymentUtil.RevisionAnnotation]);
        Assert.Equal("1", rs.Metadata.Annotations[DeploymentUtil.RevisionHistoryAnnotation]);
        Assert.Equal("a", rs.Metadata.Annotations["team"]);
        Assert.False(rs.Metadata.Annotations.ContainsKey("kubectl.kubernetes.io/last-applied-configuration"));
        Assert.False(DeploymentUtil.SetNewReplicaSetAnnotations(d, rs, 3, exists: true));
    }

    [Fact]
    public void ComputeHash_IgnoresTheHashLabel_AndChangesWithCollisionCount()
    {
        var template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "x" } }, Spec = new V1PodSpec() };
        var hash = DeploymentUtil.ComputeHash(template, null);
        template.Metadata.Labels[DeploymentUtil.PodTemplateHashLabel] = hash;
        Assert.Equal(hash, DeploymentUtil.ComputeHash(template, null));
        Assert.NotEqual(hash, DeploymentUtil.ComputeHash(template, 1));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]+$", hash);
    }
}
