using System.Globalization;
using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// Containers that run to completion, as KWOK's pod-complete stage does for Job pods: a pod that does not restart
/// (restartPolicy Never or OnFailure) and belongs to a Job, or asks with an annotation, exits after a run time.
/// Its exit code comes from annotations, so a failing Job (and its backoff) can be simulated.
/// </summary>
public static class SimulatedPodExit
{
    /// <summary>A run time such as "30s", "2m" or "1.5" (seconds); overrides Controllers:SimulatedJobRunTime.</summary>
    public const string RunTimeAnnotation = "sim.miniapiserver.io/run-time";

    /// <summary>"true": the containers exit 1.</summary>
    public const string FailAnnotation = "sim.miniapiserver.io/fail";

    /// <summary>The containers' exit code (0 succeeds, anything else fails); wins over the fail annotation.</summary>
    public const string ExitCodeAnnotation = "sim.miniapiserver.io/exit-code";

    /// <summary>How long the pod's containers run, or null when they run until the pod is deleted.</summary>
    public static TimeSpan? RunTime(V1Pod pod, TimeSpan jobDefault)
    {
        if (pod.Spec?.RestartPolicy is not ("Never" or "OnFailure"))
        {
            return null;
        }
        if (pod.Metadata.Annotations?.TryGetValue(RunTimeAnnotation, out var text) == true && ParseDuration(text) is { } given)
        {
            return given;
        }
        return pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Kind == "Job") == true ? jobDefault : null;
    }

    public static int ExitCode(V1Pod pod)
    {
        var annotations = pod.Metadata.Annotations;
        if (annotations?.TryGetValue(ExitCodeAnnotation, out var code) == true && int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        return annotations?.TryGetValue(FailAnnotation, out var fail) == true && fail == "true" ? 1 : 0;
    }

    /// <summary>
    /// Every container terminated with the exit code; the pod is Succeeded or Failed. OnFailure would restart a
    /// failed container upstream; here the pod fails either way, so the Job's backoffLimit counts it the same.
    /// </summary>
    public static void Exit(V1Pod pod, int exitCode, DateTimeOffset now)
    {
        var stamp = KubeTime.Time(now);
        var status = pod.Status ??= new V1PodStatus();
        status.Phase = exitCode == 0 ? "Succeeded" : "Failed";
        foreach (var c in status.ContainerStatuses ?? [])
        {
            var started = c.State?.Running?.StartedAt ?? stamp;
            c.Ready = false;
            c.Started = false;
            c.State = new V1ContainerState
            {
                Terminated = new V1ContainerStateTerminated
                {
                    ExitCode = exitCode,
                    Reason = exitCode == 0 ? "Completed" : "Error",
                    StartedAt = started,
                    FinishedAt = stamp,
                    ContainerID = c.ContainerID,
                },
            };
        }
        for (var i = 0; i < (status.EphemeralContainerStatuses?.Count ?? 0); i++)
        {
            var c = status.EphemeralContainerStatuses![i];
            if (c.State?.Running is { } running)
            {
                // Still running when the pod's own containers finished: the kubelet kills it with the pod (SIGKILL, 128 + 9).
                c.State = new V1ContainerState
                {
                    Terminated = new V1ContainerStateTerminated
                    {
                        ExitCode = 137, Reason = "Error", StartedAt = running.StartedAt, FinishedAt = stamp, ContainerID = c.ContainerID,
                    },
                };
            }
        }
        PodConditions.Set(pod, "PodReadyToStartContainers", "False", now);
        PodConditions.Set(pod, "Ready", "False", now, "PodCompleted");
        PodConditions.Set(pod, "ContainersReady", "False", now, "PodCompleted");
    }

    private static TimeSpan? ParseDuration(string text)
    {
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[^1] : 's';
        var number = char.IsAsciiLetter(unit) && text.Length > 0 && char.IsAsciiLetter(text[^1]) ? text[..^1] : text;
        if (text.EndsWith("ms", StringComparison.Ordinal))
        {
            unit = 'x';
            number = text[..^2];
        }
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            return null;
        }
        return unit switch
        {
            'x' => TimeSpan.FromMilliseconds(value),
            's' => TimeSpan.FromSeconds(value),
            'm' => TimeSpan.FromMinutes(value),
            'h' => TimeSpan.FromHours(value),
            _ => null,
        };
    }
}
