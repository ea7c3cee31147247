using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Jobs;

/// <summary>Jobs as the upstream integration tests build them, and the reads they assert on.</summary>
internal static class JobKit
{
    /// <summary>Short simulated run time and backoff, so a Job's whole life fits in a test.</summary>
    public static ApiServerHost StartServer(int nodes = 2) => ApiServerHost.Start(nodes: nodes, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedJobRunTime"] = "00:00:00.500",
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
        ["Controllers:JobPodFailureBackoff"] = "00:00:00.200",
    });

    public static V1Job Job(string name, int? completions = null, int? parallelism = null, int? backoffLimit = null,
        Dictionary<string, string>? podAnnotations = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1JobSpec
        {
            Completions = completions,
            Parallelism = parallelism,
            BackoffLimit = backoffLimit,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Annotations = podAnnotations },
                Spec = new V1PodSpec
                {
                    RestartPolicy = "Never",
                    Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }],
                },
            },
        },
    };

    public static V1JobCondition? Condition(V1Job job, string type) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Type == type && c.Status == "True");

    public static Task<V1Job> WaitForConditionAsync(Kubernetes client, string name, string type, TimeSpan? timeout = null) =>
        Eventually.Get(() => client.ReadNamespacedJobAsync(name, "default"), j => Condition(j, type) is not null,
            timeout ?? TimeSpan.FromSeconds(30), $"job {name} {type}");

    public static async Task<List<V1Pod>> PodsOfAsync(Kubernetes client, V1Job job) =>
        [.. (await client.ListNamespacedPodAsync("default", labelSelector: $"batch.kubernetes.io/controller-uid={job.Metadata.Uid}")).Items];
}
