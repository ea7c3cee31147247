using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

public enum KubeletPodAction
{
    None,
    Start,
    MarkReady,
    FinishDeletion,
    FailImagePull,
    AssignAddresses,
    Exit,
    StartEphemeralContainers,
}

/// <summary>What the simulated kubelet does next for one pod on a live node, and when to look again.</summary>
public readonly record struct KubeletPodPlan(KubeletPodAction Action, TimeSpan? RequeueAfter = null)
{
    /// <param name="runTime">How long the containers run before they exit; null for a pod that runs until deleted.</param>
    public static KubeletPodPlan Decide(V1Pod pod, DateTimeOffset now, TimeSpan readyDelay, TimeSpan maxGracePeriod, DateTimeOffset? startedAt = null,
        TimeSpan? runTime = null)
    {
        if (DeletionDue(pod, maxGracePeriod) is { } due)
        {
            // The kubelet kills containers within the grace period, then force-deletes the pod
            // (pkg/kubelet/status/status_manager.go canBeDeleted → Delete with grace 0).
            return now >= due ? new(KubeletPodAction.FinishDeletion) : new(KubeletPodAction.None, due - now);
        }
        if (PodConditions.IsTerminal(pod))
        {
            return new(KubeletPodAction.None);
        }
        if (pod.Status?.StartTime is not null && string.IsNullOrEmpty(pod.Status.HostIP))
        {
            // Started while its node had no InternalIP (or by an older build that allowed that): the kubelet
            // reports hostIP on every status sync, so the pod gets it as soon as the node has one.
            return new(KubeletPodAction.AssignAddresses);
        }
        if (SimulatedImagePull.HasUnpullableImage(pod))
        {
            // ErrImagePull first, ImagePullBackOff one ready-delay later, then the pod stays unready for good.
            var reason = SimulatedImagePull.Reason(pod);
            if (reason is null)
            {
                return new(KubeletPodAction.FailImagePull, readyDelay);
            }
            if (reason == SimulatedImagePull.ImagePullBackOff)
            {
                return new(KubeletPodAction.None);
            }
            var backOffAt = (KubeTime.Of(pod.Status?.StartTime) ?? now) + readyDelay;
            return now >= backOffAt ? new(KubeletPodAction.FailImagePull) : new(KubeletPodAction.None, backOffAt - now);
        }
        if (pod.Status?.Phase != "Running")
        {
            return new(KubeletPodAction.Start, readyDelay);
        }
        if (SimulatedPodStatus.HasUnstartedEphemeralContainers(pod))
        {
            // Added through pods/ephemeralcontainers to a running pod: the kubelet's next sync starts them, whatever the
            // pod's readiness (they take no part in it). The status write brings the pod back for the rest.
            return new(KubeletPodAction.StartEphemeralContainers);
        }
        // Status times have second precision; the kubelet's own record of the start (when it has one) is exact.
        var since = startedAt ?? SimulatedPodStatus.RunningSince(pod) ?? now;
        DateTimeOffset? exitAt = runTime is { } run ? since + run : null;
        if (now >= exitAt)
        {
            return new(KubeletPodAction.Exit);
        }
        if (SimulatedPodStatus.IsReady(pod))
        {
            return new(KubeletPodAction.None, exitAt - now);
        }
        var readyAt = since + readyDelay;
        if (exitAt < readyAt)
        {
            return new(KubeletPodAction.None, exitAt - now);
        }
        return now >= readyAt ? new(KubeletPodAction.MarkReady) : new(KubeletPodAction.None, readyAt - now);
    }

    /// <summary>
    /// With no readiness delay the start and the readiness are one status write, as KWOK's pod-ready stage patches
    /// Running and Ready together (kwok kustomize/stage/pod/fast/pod-ready.yaml); a pod whose containers exit at
    /// once never reports ready.
    /// </summary>
    public static bool ReadyOnStart(TimeSpan readyDelay, TimeSpan? runTime) =>
        readyDelay <= TimeSpan.Zero && (runTime is null || runTime > TimeSpan.Zero);

    /// <summary>deletionTimestamp is start + grace; the simulated kubelet finishes after min(grace, max).</summary>
    public static DateTimeOffset? DeletionDue(V1Pod pod, TimeSpan maxGracePeriod)
    {
        if (KubeTime.Of(pod.Metadata.DeletionTimestamp) is not { } deadline)
        {
            return null;
        }
        var grace = TimeSpan.FromSeconds(Math.Max(0, pod.Metadata.DeletionGracePeriodSeconds ?? 0));
        return deadline - grace + (grace < maxGracePeriod ? grace : maxGracePeriod);
    }
}
