using k8s.Models;
using MiniApiServer.Application.Clock;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Nodes;
using MiniApiServer.Controllers.Runtime;

namespace MiniApiServer.Controllers.Jobs;

/// <summary>What the Job controller reads from and writes into its pods (pkg/controller/job/job_controller.go helpers).</summary>
public static class JobPods
{
    /// <summary>batch.kubernetes.io/job-tracking: a finished pod stays until the controller has counted it.</summary>
    public const string TrackingFinalizer = "batch.kubernetes.io/job-tracking";

    public static V1OwnerReference? ControllerRef(V1ObjectMeta meta) =>
        meta.OwnerReferences?.FirstOrDefault(o => o.Controller == true);

    public static bool HasFinalizer(V1Pod pod) => pod.Metadata.Finalizers?.Contains(TrackingFinalizer) == true;

    public static bool Succeeded(V1Pod pod) => pod.Status?.Phase == "Succeeded";

    /// <summary>isPodFailed with podReplacementPolicy TerminatingOrFailed: a pod deleted before it succeeded counts as failed.</summary>
    public static bool Failed(V1Pod pod) =>
        pod.Status?.Phase == "Failed" || (pod.Metadata.DeletionTimestamp is not null && pod.Status?.Phase != "Succeeded");

    public static bool Active(V1Pod pod) => !PodConditions.IsTerminal(pod) && pod.Metadata.DeletionTimestamp is null;

    public static bool Terminating(V1Pod pod) => !PodConditions.IsTerminal(pod) && pod.Metadata.DeletionTimestamp is not null;

    public static bool Ready(V1Pod pod) => PodConditions.IsTrue(pod, "Ready");

    /// <summary>When the pod failed (its container's finish time), for the backoff before the next pod.</summary>
    public static DateTimeOffset? FinishedAt(V1Pod pod) =>
        pod.Status?.ContainerStatuses?.Select(c => KubeTime.Of(c.State?.Terminated?.FinishedAt)).Where(t => t is not null).Max()
        ?? KubeTime.Of(pod.Metadata.DeletionTimestamp);

    /// <summary>GetPodFromTemplate plus the tracking finalizer: generateName "JOB-", labels, annotations and spec from the template.</summary>
    public static V1Pod Build(V1Job job)
    {
        var template = job.Spec.Template;
        var spec = ModelCodec.Decode<V1PodSpec>(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(template.Spec, ModelCodec.Options));
        var finalizers = template.Metadata?.Finalizers?.ToList() ?? [];
        finalizers.Add(TrackingFinalizer);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = job.Metadata.Name + "-",
                NamespaceProperty = job.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels is { } l ? new Dictionary<string, string>(l) : null,
                Annotations = template.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null,
                Finalizers = finalizers,
                OwnerReferences = [OwnerRef(job)],
            },
            Spec = spec,
        };
    }

    public static V1OwnerReference OwnerRef(V1Job job) => ControllerRefs.New(job.Metadata, "batch/v1", "Job");
}
