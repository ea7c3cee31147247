using k8s.Models;
using MiniApiServer.Controllers.StatefulSets;

namespace MiniApiServer.UnitTests.StatefulSets;

/// <summary>
/// The decisions of updateStatefulSet (pkg/controller/statefulset/stateful_set_control.go) on fixed pod states, as
/// its own unit tests (stateful_set_control_test.go) make them: what one sync creates, deletes or waits for.
/// </summary>
public class StatefulSetPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static readonly StatefulSetRevisions Revisions = new("web-old", Template("nginx:1"), "web-new", Template("nginx:2"), 0);

    private static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
    };

    private static V1StatefulSet Set(int replicas, string policy = "OrderedReady", int? partition = 0, string strategy = "RollingUpdate") => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "default", Uid = "set-uid", Generation = 2 },
        Spec = new V1StatefulSetSpec
        {
            Replicas = replicas,
            ServiceName = "web",
            PodManagementPolicy = policy,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = Template("nginx:2"),
            UpdateStrategy = new V1StatefulSetUpdateStrategy
            {
                Type = strategy,
                RollingUpdate = strategy == "RollingUpdate" ? new V1RollingUpdateStatefulSetStrategy { Partition = partition } : null,
            },
        },
        Status = new V1StatefulSetStatus(),
    };

    /// <summary>A pod of the set at <paramref name="revision"/>: Running and Ready unless said otherwise.</summary>
    private static V1Pod Pod(int ordinal, string revision = "web-new", string phase = "Running", bool ready = true, bool deleting = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = $"web-{ordinal}",
            NamespaceProperty = "default",
            Uid = $"uid-{ordinal}",
            DeletionTimestamp = deleting ? Now.UtcDateTime : null,
            Labels = new Dictionary<string, string>
            {
                ["app"] = "web",
                ["controller-revision-hash"] = revision,
                ["statefulset.kubernetes.io/pod-name"] = $"web-{ordinal}",
                ["apps.kubernetes.io/pod-index"] = $"{ordinal}",
            },
        },
        Spec = new V1PodSpec(),
        Status = new V1PodStatus
        {
            Phase = phase,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = Now.UtcDateTime.AddMinutes(-1) }],
        },
    };

    private static List<string> Describe(StatefulSetPlan plan) => [.. plan.Actions.Select(a => $"{a.Kind} {a.Pod.Metadata.Name}")];

    [Fact]
    public void OrderedReady_EmptySet_CreatesOnlyTheFirstPod()
    {
        var plan = StatefulSetPlanner.Plan(Set(3), [], Revisions, Now);

        Assert.Equal(["Create web-0"], Describe(plan));
        var pod = plan.Actions[0].Pod;
        Assert.Equal("web-0", pod.Spec.Hostname);
        Assert.Equal("web", pod.Spec.Subdomain);
        Assert.Equal("web-new", pod.Metadata.Labels["controller-revision-hash"]);
        Assert.Equal("0", pod.Metadata.Labels["apps.kubernetes.io/pod-index"]);
        Assert.Equal("nginx:2", pod.Spec.Containers[0].Image);
    }

    [Fact]
    public void OrderedReady_WaitsWhileAPredecessorIsNotReady()
    {
        var plan = StatefulSetPlanner.Plan(Set(3), [Pod(0, ready: false)], Revisions, Now);

        Assert.Empty(plan.Actions);
        Assert.Equal(1, plan.Status.Replicas);
        Assert.Equal(0, plan.Status.ReadyReplicas);
    }

    [Fact]
    public void OrderedReady_CreatesTheNextOnceThePreviousIsReady()
    {
        var plan = StatefulSetPlanner.Plan(Set(3), [Pod(0)], Revisions, Now);

        Assert.Equal(["Create web-1"], Describe(plan));
    }

    [Fact]
    public void Parallel_CreatesEveryMissingPodInOnePass()
    {
        var plan = StatefulSetPlanner.Plan(Set(3, "Parallel"), [Pod(1, ready: false)], Revisions, Now);

        Assert.Equal(["Create web-0", "Create web-2"], Describe(plan));
    }

    [Fact]
    public void OrderedReady_ScaleDown_DeletesTheHighestOrdinalOnly()
    {
        var plan = StatefulSetPlanner.Plan(Set(1), [Pod(0), Pod(1), Pod(2)], Revisions, Now);

        Assert.Equal(["Delete web-2"], Describe(plan));
    }

    [Fact]
    public void OrderedReady_ScaleDown_WaitsForATerminatingPod()
    {
        var plan = StatefulSetPlanner.Plan(Set(1), [Pod(0), Pod(1), Pod(2, deleting: true)], Revisions, Now);

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void Parallel_ScaleDown_DeletesEveryCondemnedPod()
    {
        var plan = StatefulSetPlanner.Plan(Set(1, "Parallel"), [Pod(0), Pod(1, ready: false), Pod(2)], Revisions, Now);

        Assert.Equal(["Delete web-2", "Delete web-1"], Describe(plan));
    }

    [Fact]
    public void RollingUpdate_DeletesTheHighestOutdatedPodAtOrAboveThePartition()
    {
        var plan = StatefulSetPlanner.Plan(Set(3, partition: 1), [Pod(0, "web-old"), Pod(1, "web-old"), Pod(2, "web-old")], Revisions, Now);

        Assert.Equal(["Delete web-2"], Describe(plan));
        // The deleted pod no longer counts as current (status.CurrentReplicas-- upstream).
        Assert.Equal(2, plan.Status.CurrentReplicas);
        Assert.Equal("web-old", plan.Status.CurrentRevision);
        Assert.Equal("web-new", plan.Status.UpdateRevision);
    }

    [Fact]
    public void RollingUpdate_WaitsForTheUpdatedPodToBeReady_BeforeTheNext()
    {
        var plan = StatefulSetPlanner.Plan(Set(3, "Parallel", partition: 0), [Pod(0, "web-old"), Pod(1, "web-old"), Pod(2, ready: false)], Revisions, Now);

        Assert.Empty(plan.Actions);
    }

    [Fact]
    public void RollingUpdate_NeverTouchesPodsBelowThePartition()
    {
        var plan = StatefulSetPlanner.Plan(Set(3, partition: 1), [Pod(0, "web-old"), Pod(1), Pod(2)], Revisions, Now);

        Assert.Empty(plan.Actions);
        Assert.Equal(2, plan.Status.UpdatedReplicas);
        Assert.Equal("web-old", plan.Status.CurrentRevision);
    }

    [Fact]
    public void MissingPodBelowThePartition_IsMadeAtTheCurrentRevision()
    {
        var plan = StatefulSetPlanner.Plan(Set(3, partition: 2), [], Revisions, Now);

        var pod = Assert.Single(plan.Actions).Pod;
        Assert.Equal("web-old", pod.Metadata.Labels["controller-revision-hash"]);
        Assert.Equal("nginx:1", pod.Spec.Containers[0].Image);
    }

    [Fact]
    public void OnDelete_LeavesOutdatedPods_AndMakesMissingOnesAtTheUpdateRevision()
    {
        var plan = StatefulSetPlanner.Plan(Set(2, strategy: "OnDelete"), [Pod(0, "web-old")], Revisions, Now);

        var pod = Assert.Single(plan.Actions).Pod;
        Assert.Equal("web-1", pod.Metadata.Name);
        Assert.Equal("web-new", pod.Metadata.Labels["controller-revision-hash"]);
    }

    [Fact]
    public void EveryPodUpdatedAndReady_CompletesTheRollingUpdate()
    {
        var plan = StatefulSetPlanner.Plan(Set(2), [Pod(0), Pod(1)], Revisions, Now);

        Assert.Empty(plan.Actions);
        Assert.Equal("web-new", plan.Status.CurrentRevision);
        Assert.Equal(2, plan.Status.CurrentReplicas);
        Assert.Equal(2, plan.Status.AvailableReplicas);
        Assert.Equal(2, plan.Status.ObservedGeneration);
    }

    [Fact]
    public void FailedPod_IsDeletedToBeMadeAgain_AndOrderedReadyWaits()
    {
        var plan = StatefulSetPlanner.Plan(Set(3), [Pod(0, phase: "Failed", ready: false)], Revisions, Now);

        Assert.Equal(["RecreateFailed web-0"], Describe(plan));
    }

    [Fact]
    public void PodMissingItsIdentityLabels_IsRelabelled()
    {
        var adopted = Pod(0);
        adopted.Metadata.Labels.Remove("apps.kubernetes.io/pod-index");

        var plan = StatefulSetPlanner.Plan(Set(1), [adopted], Revisions, Now);

        Assert.Equal(["UpdateIdentity web-0"], Describe(plan));
    }

    [Fact]
    public void MinReadySeconds_CountsOnlyPodsReadyLongEnoughAsAvailable_AndBlocksTheNextCreate()
    {
        var set = Set(2);
        set.Spec.MinReadySeconds = 120;

        var plan = StatefulSetPlanner.Plan(set, [Pod(0)], Revisions, Now);

        Assert.Empty(plan.Actions);
        Assert.Equal(1, plan.Status.ReadyReplicas);
        Assert.Equal(0, plan.Status.AvailableReplicas);
    }

    [Fact]
    public void OrdinalsStart_ShiftsTheNames_AndPodsBelowItAreCondemned()
    {
        var set = Set(2);
        set.Spec.Ordinals = new V1StatefulSetOrdinals { Start = 1 };

        var plan = StatefulSetPlanner.Plan(set, [Pod(0), Pod(1), Pod(2)], Revisions, Now);

        Assert.Equal(["Delete web-0"], Describe(plan));
    }

    [Theory]
    [InlineData("web-0", "web", 0)]
    [InlineData("my-db-12", "my-db", 12)]
    [InlineData("web", "", -1)]
    [InlineData("web-x", "", -1)]
    public void ParentAndOrdinal_SplitsTheNumericSuffix(string name, string parent, int ordinal)
    {
        Assert.Equal((parent, ordinal), StatefulPods.ParentAndOrdinal(name));
    }
}
