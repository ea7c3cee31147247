using k8s.Models;
using MiniApiServer.Controllers.Autoscaling;

namespace MiniApiServer.UnitTests.Autoscaling;

/// <summary>
/// replica_calculator.go's resource paths, in the spirit of replica_calculator_test.go: each expected count is worked
/// out here from ceil(usage ratio × pods), with the ratio in whole percent as Go's integer division leaves it.
/// </summary>
public class ReplicaCalculatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly HpaTuning Tuning = new(0.1, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5));

    /// <summary>A running pod requesting 1 cpu, started <paramref name="startedAgo"/>, Ready since <paramref name="readyAgo"/> (or not ready).</summary>
    private static V1Pod Pod(string name, string phase = "Running", bool ready = true, TimeSpan? startedAgo = null, TimeSpan? readyAgo = null, string request = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "app", Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(request) } } }],
        },
        Status = new V1PodStatus
        {
            Phase = phase,
            StartTime = (Now - (startedAgo ?? TimeSpan.FromMinutes(10))).UtcDateTime,
            Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False", LastTransitionTime = (Now - (readyAgo ?? TimeSpan.FromMinutes(9))).UtcDateTime }],
        },
    };

    private static Dictionary<string, PodMetric> Metrics(params (string Pod, long Milli)[] values) =>
        values.ToDictionary(v => v.Pod, v => new PodMetric(v.Milli, Now, TimeSpan.FromSeconds(10)));

    [Fact]
    public void ScaleUp_IsTheCeilingOfTheRatioTimesTheReadyPods()
    {
        // 300m + 500m + 700m of 3 cpu = 50%; 50 / 30 × 3 = 5.
        var result = ReplicaCalculator.ResourceReplicas(3, 30, "cpu", null, [Pod("a"), Pod("b"), Pod("c")], Metrics(("a", 300), ("b", 500), ("c", 700)), Tuning, Now);

        Assert.Equal(new ResourceProposal(5, 50, 500), result);
    }

    [Fact]
    public void ScaleUp_CountsAnUnreadyPodAsZero()
    {
        // Ready pods: 500m + 700m of 2 cpu = 60% (the reported utilization); with the unready pod at 0:
        // 1200m of 3 cpu = 40%, 40 / 30 × 3 = 4.
        var pods = new[] { Pod("a", ready: false, startedAgo: TimeSpan.FromSeconds(20), readyAgo: TimeSpan.FromSeconds(20)), Pod("b"), Pod("c") };

        var result = ReplicaCalculator.ResourceReplicas(3, 30, "cpu", null, pods, Metrics(("a", 300), ("b", 500), ("c", 700)), Tuning, Now);

        Assert.Equal(new ResourceProposal(4, 60, 600), result);
    }

    [Fact]
    public void ScaleDown_CountsAMissingPodAtItsFullRequest()
    {
        // Three pods at 100m of 1 cpu: 10%. The fourth, without a metric, counts as max(100%, target) of its request:
        // 1300m of 4 cpu = 32%, 32 / 50 × 4 = 2.56, so 3.
        var pods = new[] { Pod("a"), Pod("b"), Pod("c"), Pod("d") };

        var result = ReplicaCalculator.ResourceReplicas(4, 50, "cpu", null, pods, Metrics(("a", 100), ("b", 100), ("c", 100)), Tuning, Now);

        Assert.Equal(new ResourceProposal(3, 10, 100), result);
    }

    [Fact]
    public void WithinTheTolerance_NothingChanges()
    {
        // 520m + 540m + 500m of 3 cpu = 52%; 52 / 50 = 1.04, within 0.1 of 1.
        var result = ReplicaCalculator.ResourceReplicas(3, 50, "cpu", null, [Pod("a"), Pod("b"), Pod("c")], Metrics(("a", 520), ("b", 540), ("c", 500)), Tuning, Now);

        Assert.Equal(3, result.Replicas);
        Assert.Equal(52, result.Utilization);
    }

    [Fact]
    public void PendingAndFreshlyReadyPods_AreUnready_DeletingAndFailedOnesIgnored()
    {
        var deleting = Pod("deleting");
        deleting.Metadata.DeletionTimestamp = Now.UtcDateTime;
        var pods = new[]
        {
            Pod("pending", phase: "Pending"),
            Pod("fresh", startedAgo: TimeSpan.FromSeconds(30), readyAgo: TimeSpan.FromSeconds(5)),
            Pod("failed", phase: "Failed"),
            deleting,
            Pod("steady"),
            Pod("silent"),
        };
        var metrics = Metrics(("fresh", 100), ("failed", 100), ("deleting", 100), ("steady", 100));

        var groups = ReplicaCalculator.GroupPods(pods, metrics, "cpu", Tuning, Now);

        // Ready 5 s ago, inside its initialization period: its sample may predate readiness (10 s window).
        Assert.Equal(["fresh", "pending"], groups.Unready.Order(StringComparer.Ordinal));
        Assert.Equal(["deleting", "failed"], groups.Ignored.Order(StringComparer.Ordinal));
        Assert.Equal(["silent"], groups.Missing);
        Assert.Equal(1, groups.ReadyCount);
        // Memory has no readiness rule: the fresh pod counts.
        Assert.Equal(2, ReplicaCalculator.GroupPods(pods, metrics, "memory", Tuning, Now).ReadyCount);
    }

    [Fact]
    public void AContainerWithoutARequest_FailsTheMetric_InUpstreamsWords()
    {
        var pod = Pod("web-1");
        pod.Spec.Containers.Add(new V1Container { Name = "sidecar" });

        var ex = Assert.Throws<MetricException>(() => ReplicaCalculator.ResourceReplicas(1, 50, "cpu", null, [pod], Metrics(("web-1", 100)), Tuning, Now));

        Assert.Equal("missing request for cpu in container sidecar of Pod web-1", ex.Message);
    }

    [Fact]
    public void OnlyUnreadyPods_IsNoMetrics()
    {
        var ex = Assert.Throws<MetricException>(() => ReplicaCalculator.ResourceReplicas(1, 50, "cpu", null, [Pod("a", phase: "Pending")], Metrics(("a", 100)), Tuning, Now));

        Assert.Equal("did not receive metrics for targeted pods (pods might be unready)", ex.Message);
    }

    [Fact]
    public void AverageValueTarget_ScalesOnUsagePerPod()
    {
        // 1.5 cpu + 2.5 cpu over 2 pods = 2000m each, against 500m: 4 × 2 = 8.
        var result = ReplicaCalculator.RawResourceReplicas(2, 500, "cpu", [Pod("a"), Pod("b")], Metrics(("a", 1500), ("b", 2500)), Tuning, Now);

        Assert.Equal(new ResourceProposal(8, 0, 2000), result);
    }
}
