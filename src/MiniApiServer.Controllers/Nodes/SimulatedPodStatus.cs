using System.Security.Cryptography;
using System.Text;
using k8s.Models;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Nodes;

/// <summary>
/// The status a kubelet reports for a pod whose containers start instantly (pkg/kubelet/status/generate.go,
/// kubelet_pods.go generateAPIPodStatus): running, then ready after the readiness delay; with no delay both in
/// one write, as KWOK's fast pod-ready stage.
/// </summary>
public static class SimulatedPodStatus
{
    /// <summary>Pending → Running: sandbox and containers started, not ready yet.</summary>
    public static void Start(V1Pod pod, string hostIp, string podIp, DateTimeOffset now)
    {
        var stamp = KubeTime.Time(now);
        var status = SetAddresses(pod, hostIp, podIp);
        status.Phase = "Running";
        status.StartTime ??= stamp;
        status.InitContainerStatuses = pod.Spec.InitContainers is { Count: > 0 } inits
            ? inits.Select(c => Completed(pod, c, stamp)).ToList()
            : null;
        status.ContainerStatuses = (pod.Spec.Containers ?? []).Select(c => Running(pod, c.Name, c.Image, stamp)).ToList();
        if (pod.Spec.EphemeralContainers is { Count: > 0 })
        {
            StartEphemeralContainers(pod, now);
        }
        PodConditions.Set(pod, "PodReadyToStartContainers", "True", now);
        PodConditions.Set(pod, "Initialized", "True", now);
        var notReady = $"containers with unready status: [{string.Join(' ', status.ContainerStatuses.Select(c => c.Name))}]";
        PodConditions.Set(pod, "Ready", "False", now, "ContainersNotReady", notReady);
        PodConditions.Set(pod, "ContainersReady", "False", now, "ContainersNotReady", notReady);
        PodConditions.Set(pod, "PodScheduled", "True", now);
    }

    /// <summary>hostIP(s) from the node; a host-network pod shares the node's IP instead of its own.</summary>
    public static V1PodStatus SetAddresses(V1Pod pod, string hostIp, string podIp)
    {
        var status = pod.Status ??= new V1PodStatus();
        var ip = pod.Spec.HostNetwork == true ? hostIp : podIp;
        status.HostIP = hostIp;
        status.HostIPs = [new V1HostIP { Ip = hostIp }];
        status.PodIP = ip;
        status.PodIPs = [new V1PodIP { Ip = ip }];
        return status;
    }

    /// <summary>Readiness (no probes simulated): every container ready, Ready and ContainersReady True.</summary>
    public static void MarkReady(V1Pod pod, DateTimeOffset now)
    {
        foreach (var c in pod.Status?.ContainerStatuses ?? [])
        {
            c.Ready = true;
        }
        PodConditions.Set(pod, "Ready", "True", now);
        PodConditions.Set(pod, "ContainersReady", "True", now);
    }

    public static bool IsReady(V1Pod pod) =>
        PodConditions.IsTrue(pod, "Ready") && PodConditions.IsTrue(pod, "ContainersReady")
        && pod.Status?.ContainerStatuses?.All(c => c.Ready) != false;

    /// <summary>When the containers started: readiness is measured from here.</summary>
    public static DateTimeOffset? RunningSince(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Select(c => KubeTime.Of(c.State?.Running?.StartedAt)).Where(t => t is not null).Max()
        ?? KubeTime.Of(pod.Status?.StartTime);

    /// <summary>Ephemeral containers added since the last sync, which the kubelet starts once and never restarts.</summary>
    public static bool HasUnstartedEphemeralContainers(V1Pod pod) =>
        pod.Spec?.EphemeralContainers is { Count: > 0 } containers
        && containers.Any(c => pod.Status?.EphemeralContainerStatuses?.Any(s => s.Name == c.Name) != true);

    /// <summary>Each ephemeral container without a status starts running; none counts towards readiness.</summary>
    public static void StartEphemeralContainers(V1Pod pod, DateTimeOffset now)
    {
        var stamp = KubeTime.Time(now);
        var statuses = (pod.Status ??= new V1PodStatus()).EphemeralContainerStatuses ??= [];
        foreach (var c in pod.Spec?.EphemeralContainers ?? [])
        {
            if (!statuses.Any(s => s.Name == c.Name))
            {
                // The prober reports started only for regular and init containers.
                var status = Running(pod, c.Name, c.Image, stamp);
                status.Started = null;
                statuses.Add(status);
            }
        }
        // convertToAPIContainerStatuses sorts each list by name.
        pod.Status.EphemeralContainerStatuses = [.. statuses.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    private static V1ContainerStatus Running(V1Pod pod, string name, string? image, DateTime stamp) => new()
    {
        Name = name,
        Image = image,
        ImageID = ImageId(image),
        ContainerID = ContainerId(pod, name),
        Ready = false,
        Started = true,
        RestartCount = 0,
        State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = stamp } },
    };

    private static V1ContainerStatus Completed(V1Pod pod, V1Container c, DateTime stamp) => new()
    {
        Name = c.Name,
        Image = c.Image,
        ImageID = ImageId(c.Image),
        ContainerID = ContainerId(pod, c.Name),
        Ready = true,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState
        {
            Terminated = new V1ContainerStateTerminated { ExitCode = 0, Reason = "Completed", StartedAt = stamp, FinishedAt = stamp, ContainerID = ContainerId(pod, c.Name) },
        },
    };

    private static string ImageId(string? image) => $"{image}@sha256:{Hash(image ?? "")}";

    private static string ContainerId(V1Pod pod, string name) => $"fake://{Hash(pod.Metadata.Uid + "/" + name)}";

    private static string Hash(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));
}
