using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// A simulated broken image. Every image "pulls" instantly except those whose reference ends in
/// <c>:non-existent</c> (the tag the upstream e2e test "should rollback without unnecessary restarts" uses,
/// test/e2e/apps/daemon_set.go): for them the kubelet reports what a real one does when the pull fails
/// (pkg/kubelet/images/image_manager.go): the container waits with reason ErrImagePull, then
/// ImagePullBackOff, the phase stays Pending (kubelet getPhase: any waiting container → Pending), and the
/// pod never turns Ready.
/// </summary>
public static class SimulatedImagePull
{
    public const string UnpullableSuffix = ":non-existent";
    public const string ErrImagePull = "ErrImagePull";
    public const string ImagePullBackOff = "ImagePullBackOff";

    public static bool IsUnpullable(string? image) => image?.EndsWith(UnpullableSuffix, StringComparison.Ordinal) == true;

    public static bool HasUnpullableImage(V1Pod pod) =>
        (pod.Spec?.Containers ?? []).Concat(pod.Spec?.InitContainers ?? []).Any(c => IsUnpullable(c.Image));

    /// <summary>The waiting reason currently reported for the pod's unpullable containers, if any.</summary>
    public static string? Reason(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Select(c => c.State?.Waiting?.Reason).FirstOrDefault(r => r is ErrImagePull or ImagePullBackOff);

    /// <summary>First failure reports ErrImagePull, later ones ImagePullBackOff (the kubelet's back-off state).</summary>
    public static void Fail(V1Pod pod, string hostIp, string podIp, DateTimeOffset now)
    {
        var reason = Reason(pod) is null ? ErrImagePull : ImagePullBackOff;
        var stamp = KubeTime.Time(now);
        var status = SimulatedPodStatus.SetAddresses(pod, hostIp, podIp);
        status.Phase = "Pending";
        status.StartTime ??= stamp;
        status.ContainerStatuses = (pod.Spec.Containers ?? []).Select(c => new V1ContainerStatus
        {
            Name = c.Name,
            Image = c.Image,
            ImageID = "",
            Ready = false,
            Started = false,
            RestartCount = 0,
            State = new V1ContainerState
            {
                Waiting = new V1ContainerStateWaiting
                {
                    Reason = IsUnpullable(c.Image) ? reason : "PodInitializing",
                    Message = IsUnpullable(c.Image)
                        ? reason == ErrImagePull
                            ? $"failed to pull and unpack image \"{c.Image}\": not found"
                            : $"Back-off pulling image \"{c.Image}\""
                        : null,
                },
            },
        }).ToList();
        var notReady = $"containers with unready status: [{string.Join(' ', status.ContainerStatuses.Select(c => c.Name))}]";
        PodConditions.Set(pod, "PodReadyToStartContainers", "True", now);
        PodConditions.Set(pod, "Initialized", "True", now);
        PodConditions.Set(pod, "Ready", "False", now, "ContainersNotReady", notReady);
        PodConditions.Set(pod, "ContainersReady", "False", now, "ContainersNotReady", notReady);
        PodConditions.Set(pod, "PodScheduled", "True", now);
    }
}
