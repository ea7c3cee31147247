using k8s.Models;
using MiniApiServer.Controllers.Usage;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// The resource metrics client (pkg/controller/podautoscaler/metrics/client.go) reading what metrics.k8s.io serves
/// here: <see cref="SimulatedUsage"/> of each running pod, summed over its containers (or one container's), in
/// milli-units, keyed by pod name. A pod lacking the resource is left out and counts as missing.
/// </summary>
public static class PodResourceMetrics
{
    /// <summary>metrics-server's resolution: the window a sample covers (the readiness rule for cpu reads it).</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public static Dictionary<string, PodMetric> For(IEnumerable<V1Pod> pods, string resource, string? container, DateTimeOffset now)
    {
        var metrics = new Dictionary<string, PodMetric>(StringComparer.Ordinal);
        var sampled = 0;
        foreach (var pod in pods.Where(SimulatedUsage.IsRunning))
        {
            sampled++;
            var usage = SimulatedUsage.Containers(pod, now).ToList();
            if (!string.IsNullOrEmpty(container))
            {
                var named = usage.FindIndex(u => u.Container == container);
                if (named < 0)
                {
                    throw new MetricException($"failed to get container metrics: container {container} not present in metrics for pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}");
                }
                usage = [usage[named]];
            }
            if (usage.Count == 0 || Milli(usage.Select(u => u.Usage), resource) is not { } value)
            {
                continue;
            }
            metrics[pod.Metadata.Name] = new PodMetric(value, now, Window);
        }
        if (sampled == 0)
        {
            throw new MetricException("no metrics returned from resource metrics API");
        }
        return metrics;
    }

    // As metrics.k8s.io serves them (ResourceUsage.ToQuantities): cpu in nanocores, which MilliValue rounds up, memory in whole Ki.
    private static long? Milli(IEnumerable<ResourceUsage> usage, string resource) => resource switch
    {
        "cpu" => usage.Sum(u => (u.NanoCores + 999_999) / 1_000_000),
        "memory" => usage.Sum(u => u.Bytes / 1024 * 1024 * 1000),
        _ => null,
    };
}
