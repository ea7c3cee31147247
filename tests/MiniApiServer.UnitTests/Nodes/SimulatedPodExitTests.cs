using k8s.Models;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.UnitTests.Nodes;

/// <summary>Which simulated pods run to completion, when they exit, and how they report it.</summary>
public sealed class SimulatedPodExitTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan JobRunTime = TimeSpan.FromSeconds(2);

    private static V1Pod Pod(string restartPolicy = "Never", string? ownerKind = "Job", Dictionary<string, string>? annotations = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "p",
                Uid = "u1",
                Annotations = annotations,
                OwnerReferences = ownerKind is null ? null : [new V1OwnerReference { Kind = ownerKind, Name = "o", Uid = "o1", Controller = true }],
            },
            Spec = new V1PodSpec { NodeName = "node-1", RestartPolicy = restartPolicy, Containers = [new V1Container { Name = "main", Image = "busybox" }] },
        };
        SimulatedPodStatus.Start(pod, "10.0.0.1", "10.244.0.5", Now);
        return pod;
    }

    [Theory]
    [InlineData("Never", "Job", 2.0)]
    [InlineData("OnFailure", "Job", 2.0)]
    [InlineData("Always", "Job", null)]
    [InlineData("Never", null, null)]
    [InlineData("Never", "ReplicaSet", null)]
    public void RunTime_OnlyForJobPodsThatDoNotRestart(string restartPolicy, string? owner, double? seconds)
    {
        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), SimulatedPodExit.RunTime(Pod(restartPolicy, owner), JobRunTime));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("1.5", 1.5)]
    [InlineData("2m", 120)]
    [InlineData("250ms", 0.25)]
    public void RunTimeAnnotation_AppliesToAnyPodThatDoesNotRestart(string value, double seconds)
    {
        var pod = Pod(ownerKind: null, annotations: new() { [SimulatedPodExit.RunTimeAnnotation] = value });
        Assert.Equal(TimeSpan.FromSeconds(seconds), SimulatedPodExit.RunTime(pod, JobRunTime));
    }

    [Fact]
    public void RunningJobPod_ExitsAfterItsRunTime_NotBefore()
    {
        var pod = Pod();
        var before = KubeletPodPlan.Decide(pod, Now.AddSeconds(1), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), Now, JobRunTime);
        var after = KubeletPodPlan.Decide(pod, Now.AddSeconds(2), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), Now, JobRunTime);

        Assert.NotEqual(KubeletPodAction.Exit, before.Action);
        Assert.Equal(KubeletPodAction.Exit, after.Action);
    }

    [Theory]
    [InlineData(null, null, 0, "Succeeded", "Completed")]
    [InlineData("true", null, 1, "Failed", "Error")]
    [InlineData("true", "0", 0, "Succeeded", "Completed")]
    [InlineData(null, "3", 3, "Failed", "Error")]
    public void Exit_ReportsThePhaseAndTheContainersExitCode(string? fail, string? exitCode, int code, string phase, string reason)
    {
        var annotations = new Dictionary<string, string>();
        if (fail is not null)
        {
            annotations[SimulatedPodExit.FailAnnotation] = fail;
        }
        if (exitCode is not null)
        {
            annotations[SimulatedPodExit.ExitCodeAnnotation] = exitCode;
        }
        var pod = Pod(annotations: annotations);

        SimulatedPodExit.Exit(pod, SimulatedPodExit.ExitCode(pod), Now.AddSeconds(2));

        Assert.Equal(phase, pod.Status.Phase);
        var terminated = pod.Status.ContainerStatuses.Single().State.Terminated;
        Assert.Equal((code, reason), (terminated.ExitCode, terminated.Reason));
        Assert.Equal(("False", "PodCompleted"), (PodConditions.Get(pod, "Ready")!.Status, PodConditions.Get(pod, "Ready")!.Reason));
        Assert.Equal(KubeletPodAction.None, KubeletPodPlan.Decide(pod, Now.AddSeconds(3), TimeSpan.Zero, TimeSpan.Zero, null, JobRunTime).Action);
    }

    [Fact]
    public void Exit_KillsAnEphemeralContainerStillRunning()
    {
        var pod = Pod();
        pod.Spec.EphemeralContainers = [new V1EphemeralContainer { Name = "dbg", Image = "busybox" }];
        SimulatedPodStatus.StartEphemeralContainers(pod, Now);

        SimulatedPodExit.Exit(pod, 0, Now.AddSeconds(3));

        // Killed with the pod (SIGKILL: 128 + 9), whatever the pod's own containers exited with.
        var terminated = pod.Status.EphemeralContainerStatuses.Single().State.Terminated;
        Assert.Equal((137, "Error"), (terminated.ExitCode, terminated.Reason));
        Assert.Equal(new DateTime(2026, 1, 1, 12, 0, 3, DateTimeKind.Utc), terminated.FinishedAt);
        Assert.Null(pod.Status.EphemeralContainerStatuses.Single().State.Running);
    }
}
