using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.UnitTests.Nodes;

public sealed class SimulatedKubeletDecisionTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ReadyDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxGrace = TimeSpan.FromSeconds(2);

    private static V1Pod Pod(string? phase = "Pending") => new()
    {
        Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "default", Uid = "u1" },
        Spec = new V1PodSpec { NodeName = "node-1", Containers = [new V1Container { Name = "a", Image = "busybox" }, new V1Container { Name = "b", Image = "nginx" }] },
        Status = new V1PodStatus { Phase = phase },
    };

    private static KubeletPodPlan Decide(V1Pod pod, DateTimeOffset now) => KubeletPodPlan.Decide(pod, now, ReadyDelay, MaxGrace);

    [Fact]
    public void PendingPod_Starts()
    {
        Assert.Equal(KubeletPodAction.Start, Decide(Pod(), Now).Action);
    }

    [Fact]
    public void Start_ReportsRunningNotReady()
    {
        var pod = Pod();
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("10.244.0.5", pod.Status.PodIP);
        Assert.Equal("10.0.0.1", pod.Status.HostIP);
        Assert.Equal(2, pod.Status.ContainerStatuses.Count);
        Assert.All(pod.Status.ContainerStatuses, c => Assert.False(c.Ready));
        Assert.Equal("False", PodConditions.Get(pod, "Ready")!.Status);
        Assert.Equal("containers with unready status: [a b]", PodConditions.Get(pod, "Ready")!.Message);
        Assert.Equal("True", PodConditions.Get(pod, "Initialized")!.Status);
        Assert.Equal("True", PodConditions.Get(pod, "PodReadyToStartContainers")!.Status);
    }

    [Fact]
    public void HostNetworkPod_UsesHostIp()
    {
        var pod = Pod();
        pod.Spec.HostNetwork = true;
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);
        Assert.Equal("10.0.0.1", pod.Status.PodIP);
    }

    [Fact]
    public void PodStartedWithoutHostIp_GetsAddressesBeforeAnythingElse()
    {
        var pod = Pod();
        pod.Spec.HostNetwork = true;
        SimulatedPodStatus.Start(pod, "", "", Now);
        Assert.Equal(KubeletPodAction.AssignAddresses, Decide(pod, Now.AddSeconds(5)).Action);
        SimulatedPodStatus.SetAddresses(pod, "10.0.0.7", "");
        Assert.Equal("10.0.0.7", pod.Status.HostIP);
        Assert.Equal("10.0.0.7", pod.Status.PodIP);
        Assert.Equal("10.0.0.7", pod.Status.PodIPs.Single().Ip);
        Assert.Equal(KubeletPodAction.MarkReady, Decide(pod, Now.AddSeconds(5)).Action);
    }

    [Fact]
    public void RunningPod_WaitsForReadyDelayThenMarksReady()
    {
        var pod = Pod();
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);
        var early = Decide(pod, Now.AddMilliseconds(400));
        Assert.Equal(KubeletPodAction.None, early.Action);
        Assert.Equal(TimeSpan.FromMilliseconds(600), early.RequeueAfter);
        Assert.Equal(KubeletPodAction.MarkReady, Decide(pod, Now.AddSeconds(1)).Action);
        SimulatedPodStatus.MarkReady(pod, Now.AddSeconds(1));
        Assert.True(SimulatedPodStatus.IsReady(pod));
        Assert.Equal(new KubeletPodPlan(KubeletPodAction.None), Decide(pod, Now.AddSeconds(5)));
    }

    [Fact]
    public void RunningPod_KnownExactStart_IsReadiedExactlyOneDelayLater()
    {
        // The stored start time is whole seconds; the kubelet's own record keeps the sub-second start.
        var startedAt = Now.AddMilliseconds(700);
        var pod = Pod();
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", startedAt);
        var plan = KubeletPodPlan.Decide(pod, Now.AddMilliseconds(1500), ReadyDelay, MaxGrace, startedAt);
        Assert.Equal(KubeletPodAction.None, plan.Action);
        Assert.Equal(TimeSpan.FromMilliseconds(200), plan.RequeueAfter);
    }

    [Fact]
    public void PodMarkedNotReadyByNodeLifecycle_IsReadiedAgain()
    {
        var pod = Pod();
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);
        SimulatedPodStatus.MarkReady(pod, Now.AddSeconds(1));
        PodConditions.Set(pod, "Ready", "False", Now.AddSeconds(30));
        Assert.Equal(KubeletPodAction.MarkReady, Decide(pod, Now.AddSeconds(60)).Action);
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    public void TerminalPod_IsLeftAlone(string phase)
    {
        Assert.Equal(new KubeletPodPlan(KubeletPodAction.None), Decide(Pod(phase), Now));
    }

    [Fact]
    public void GracefulDeletion_FinishesAfterMinOfGraceAndMax()
    {
        var pod = Pod("Running");
        pod.Metadata.DeletionGracePeriodSeconds = 30;
        pod.Metadata.DeletionTimestamp = Now.AddSeconds(30).UtcDateTime;
        var early = Decide(pod, Now.AddSeconds(1));
        Assert.Equal(KubeletPodAction.None, early.Action);
        Assert.Equal(TimeSpan.FromSeconds(1), early.RequeueAfter);
        Assert.Equal(KubeletPodAction.FinishDeletion, Decide(pod, Now.AddSeconds(2)).Action);
    }

    [Fact]
    public void GracefulDeletion_ShortGraceWins()
    {
        var pod = Pod("Succeeded");
        pod.Metadata.DeletionGracePeriodSeconds = 1;
        pod.Metadata.DeletionTimestamp = Now.AddSeconds(1).UtcDateTime;
        Assert.Equal(Now.AddSeconds(1), KubeletPodPlan.DeletionDue(pod, MaxGrace));
    }

    [Fact]
    public void UnpullableImage_ErrImagePullThenBackOff_NeverReady()
    {
        // Stand-in for the e2e rollback test's "foo:non-existent" image (SimulatedImagePull).
        var pod = Pod();
        pod.Spec.Containers[1].Image = "foo:non-existent";
        Assert.Equal(KubeletPodAction.FailImagePull, Decide(pod, Now).Action);
        SimulatedImagePull.Fail(pod, "10.0.0.1", "10.244.0.5", Now);
        Assert.Equal("Pending", pod.Status.Phase);
        Assert.Equal("ErrImagePull", pod.Status.ContainerStatuses[1].State.Waiting.Reason);
        Assert.Equal(KubeletPodAction.None, Decide(pod, Now.AddMilliseconds(500)).Action);
        Assert.Equal(KubeletPodAction.FailImagePull, Decide(pod, Now.AddSeconds(1)).Action);
        SimulatedImagePull.Fail(pod, "10.0.0.1", "10.244.0.5", Now.AddSeconds(1));
        Assert.Equal("ImagePullBackOff", pod.Status.ContainerStatuses[1].State.Waiting.Reason);
        Assert.Equal("Back-off pulling image \"foo:non-existent\"", pod.Status.ContainerStatuses[1].State.Waiting.Message);
        Assert.Equal("False", PodConditions.Get(pod, "Ready")!.Status);
        Assert.Equal(KubeletPodAction.None, Decide(pod, Now.AddMinutes(5)).Action);
    }

    [Fact]
    public void EphemeralContainerAddedToARunningPod_IsStartedOnce_AndKeepsOutOfReadiness()
    {
        var pod = Pod();
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);
        SimulatedPodStatus.MarkReady(pod, Now);
        Assert.Equal(KubeletPodAction.None, Decide(pod, Now.AddSeconds(5)).Action);
        pod.Spec.EphemeralContainers = [new V1EphemeralContainer { Name = "zz", Image = "busybox" }, new V1EphemeralContainer { Name = "dbg", Image = "alpine" }];

        Assert.Equal(KubeletPodAction.StartEphemeralContainers, Decide(pod, Now.AddSeconds(5)).Action);
        SimulatedPodStatus.StartEphemeralContainers(pod, Now.AddSeconds(5));

        // Sorted by name as convertToAPIContainerStatuses leaves them; running, not ready, no started field.
        Assert.Equal(["dbg", "zz"], pod.Status.EphemeralContainerStatuses.Select(s => s.Name));
        Assert.All(pod.Status.EphemeralContainerStatuses, s => Assert.Equal((false, (bool?)null, 0), (s.Ready, s.Started, s.RestartCount)));
        Assert.Equal(new DateTime(2026, 1, 1, 12, 0, 5, DateTimeKind.Utc), pod.Status.EphemeralContainerStatuses[0].State.Running.StartedAt);
        Assert.Equal(KubeletPodAction.None, Decide(pod, Now.AddSeconds(6)).Action);
        Assert.True(SimulatedPodStatus.IsReady(pod));
    }

    [Fact]
    public void EphemeralContainerOfAPendingPod_StartsWithThePod()
    {
        var pod = Pod();
        pod.Spec.EphemeralContainers = [new V1EphemeralContainer { Name = "dbg", Image = "alpine" }];

        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);

        Assert.Equal("dbg", pod.Status.EphemeralContainerStatuses.Single().Name);
        Assert.Equal(KubeletPodAction.None, Decide(pod, Now).Action);
    }
}
