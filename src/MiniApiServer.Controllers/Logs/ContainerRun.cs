using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Controllers.Nodes;

namespace MiniApiServer.Controllers.Logs;

/// <summary>
/// One run of a simulated container as its pod status records it: when it started, and when and how it ended
/// (null while it runs). Logs are derived from this alone, so every replica and every restart of the server
/// serves the same lines without storing them.
/// </summary>
public sealed record ContainerRun(string Container, string Image, string Node, DateTimeOffset Started, DateTimeOffset? Finished, int? ExitCode, string? Reason)
{
    /// <summary>The current run (kubelet: the container's log), or why there is none, with kubelet's message.</summary>
    public static ContainerRun? Current(V1Pod pod, V1ContainerStatus status, out string? waiting)
    {
        waiting = null;
        var state = status.State;
        if (state?.Running?.StartedAt is { } started)
        {
            return Of(pod, status, started, null, null, null);
        }
        if (state?.Terminated is { StartedAt: { } begun } done)
        {
            return Of(pod, status, begun, done.FinishedAt, done.ExitCode, done.Reason);
        }
        // pkg/kubelet/kubelet_pods.go validateContainerLogStatus.
        waiting = $"container \"{status.Name}\" in pod \"{pod.Metadata.Name}\" is waiting to start: {state?.Waiting?.Reason ?? "ContainerCreating"}";
        return null;
    }

    /// <summary>The previous, terminated run (kubectl logs --previous), or kubelet's message when there is none.</summary>
    public static ContainerRun? Previous(V1Pod pod, V1ContainerStatus status, out string? missing)
    {
        missing = null;
        if (status.LastState?.Terminated is { StartedAt: { } begun } done)
        {
            return Of(pod, status, begun, done.FinishedAt, done.ExitCode, done.Reason);
        }
        missing = $"previous terminated container \"{status.Name}\" in pod \"{pod.Metadata.Name}\" not found";
        return null;
    }

    private static ContainerRun Of(V1Pod pod, V1ContainerStatus status, DateTime started, DateTime? finished, int? exitCode, string? reason) =>
        new(status.Name, status.Image ?? "", pod.Spec?.NodeName ?? "", KubeTime.Of(started), KubeTime.Of(finished), exitCode, reason);
}
