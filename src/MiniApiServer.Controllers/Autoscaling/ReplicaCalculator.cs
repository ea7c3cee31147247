using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Clock;

namespace MiniApiServer.Controllers.Autoscaling;

/// <summary>
/// pkg/controller/podautoscaler/replica_calculator.go (1.32), the resource paths: pods grouped into ready, unready,
/// missing and ignored; the usage ratio against the target; within the tolerance nothing changes; missing pods
/// count as the target on a scale down and as zero on a scale up, unready ones as zero on a scale up; a result that
/// would flip the direction keeps the current count. Pure: the pods and their metrics come in, milli-units throughout.
/// </summary>
public static class ReplicaCalculator
{
    /// <summary>GetResourceReplicas: a Utilization target, in percent of the pods' requests.</summary>
    public static ResourceProposal ResourceReplicas(int currentReplicas, int targetUtilization, string resource, string? container,
        IReadOnlyList<V1Pod> pods, Dictionary<string, PodMetric> metrics, HpaTuning tuning, DateTimeOffset now)
    {
        var groups = Counted(pods, metrics, resource, tuning, now);
        var requests = PodRequests(pods, container, resource);
        var (usageRatio, utilization, raw) = UtilizationRatio(metrics, requests, targetUtilization);
        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            return Math.Abs(1.0 - usageRatio) <= tuning.Tolerance
                ? new(currentReplicas, utilization, raw)
                : new((int)Math.Ceiling(usageRatio * groups.ReadyCount), utilization, raw);
        }
        if (usageRatio < 1.0)
        {
            var fallback = Math.Max(100L, targetUtilization);
            foreach (var name in groups.Missing)
            {
                metrics[name] = new PodMetric(requests[name] * fallback / 100, now, TimeSpan.Zero);
            }
        }
        else if (usageRatio > 1.0)
        {
            ZeroFor(metrics, groups.Missing, now);
        }
        if (scaleUpWithUnready)
        {
            ZeroFor(metrics, groups.Unready, now);
        }
        var (newRatio, _, _) = UtilizationRatio(metrics, requests, targetUtilization);
        return new(Rebalanced(currentReplicas, usageRatio, newRatio, metrics.Count, tuning), utilization, raw);
    }

    /// <summary>GetRawResourceReplicas / calcPlainMetricReplicas: an AverageValue target, in milli-units per pod.</summary>
    public static ResourceProposal RawResourceReplicas(int currentReplicas, long targetUsage, string resource,
        IReadOnlyList<V1Pod> pods, Dictionary<string, PodMetric> metrics, HpaTuning tuning, DateTimeOffset now)
    {
        var groups = Counted(pods, metrics, resource, tuning, now);
        var (usageRatio, usage) = UsageRatio(metrics, targetUsage);
        var scaleUpWithUnready = groups.Unready.Count > 0 && usageRatio > 1.0;
        if (!scaleUpWithUnready && groups.Missing.Count == 0)
        {
            return Math.Abs(1.0 - usageRatio) <= tuning.Tolerance
                ? new(currentReplicas, 0, usage)
                : new((int)Math.Ceiling(usageRatio * groups.ReadyCount), 0, usage);
        }
        foreach (var name in groups.Missing)
        {
            metrics[name] = new PodMetric(usageRatio < 1.0 ? targetUsage : 0, now, TimeSpan.Zero);
        }
        if (scaleUpWithUnready)
        {
            ZeroFor(metrics, groups.Unready, now);
        }
        var (newRatio, _) = UsageRatio(metrics, targetUsage);
        return new(Rebalanced(currentReplicas, usageRatio, newRatio, metrics.Count, tuning), 0, usage);
    }

    // Both paths: the pods grouped, and only the metrics of pods that count kept.
    private static PodGroups Counted(IReadOnlyList<V1Pod> pods, Dictionary<string, PodMetric> metrics, string resource, HpaTuning tuning, DateTimeOffset now)
    {
        if (pods.Count == 0)
        {
            throw new MetricException("no pods returned by selector while calculating replica count");
        }
        var groups = GroupPods(pods, metrics, resource, tuning, now);
        Remove(metrics, groups.Ignored);
        Remove(metrics, groups.Unready);
        if (metrics.Count == 0)
        {
            throw new MetricException("did not receive metrics for targeted pods (pods might be unready)");
        }
        return groups;
    }

    // The second pass: within the tolerance, or pointing the other way than the first, it changes nothing.
    private static int Rebalanced(int currentReplicas, double usageRatio, double newRatio, int counted, HpaTuning tuning)
    {
        if (Math.Abs(1.0 - newRatio) <= tuning.Tolerance || (usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0))
        {
            return currentReplicas;
        }
        var replicas = (int)Math.Ceiling(newRatio * counted);
        return (newRatio < 1.0 && replicas > currentReplicas) || (newRatio > 1.0 && replicas < currentReplicas) ? currentReplicas : replicas;
    }

    /// <summary>
    /// groupPods: deleting and failed pods are ignored, pending ones unready, ones without a metric missing. For cpu a
    /// pod in its initialization period counts only once it has been ready for a metric window, and after it only a
    /// pod that has never been ready is left out.
    /// </summary>
    public static PodGroups GroupPods(IReadOnlyList<V1Pod> pods, IReadOnlyDictionary<string, PodMetric> metrics, string resource, HpaTuning tuning, DateTimeOffset now)
    {
        var groups = new PodGroups();
        foreach (var pod in pods)
        {
            var name = pod.Metadata.Name;
            if (pod.Metadata.DeletionTimestamp is not null || pod.Status?.Phase == "Failed")
            {
                groups.Ignored.Add(name);
                continue;
            }
            if (pod.Status?.Phase == "Pending")
            {
                groups.Unready.Add(name);
                continue;
            }
            if (!metrics.TryGetValue(name, out var metric))
            {
                groups.Missing.Add(name);
                continue;
            }
            if (resource == "cpu" && IsUnreadyForCpu(pod, metric, tuning, now))
            {
                groups.Unready.Add(name);
                continue;
            }
            groups.ReadyCount++;
        }
        return groups;
    }

    private static bool IsUnreadyForCpu(V1Pod pod, PodMetric metric, HpaTuning tuning, DateTimeOffset now)
    {
        var ready = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        if (ready is null || KubeTime.Of(pod.Status?.StartTime) is not { } started)
        {
            return true;
        }
        var transition = KubeTime.Of(ready.LastTransitionTime) ?? DateTimeOffset.MinValue;
        if (started + tuning.CpuInitializationPeriod > now)
        {
            return ready.Status == "False" || metric.Timestamp < transition + metric.Window;
        }
        return ready.Status == "False" && started + tuning.InitialReadinessDelay > transition;
    }

    /// <summary>
    /// calculatePodRequests: each pod's requests of the resource over its containers and sidecars (restartable init
    /// containers), or one container's; a container without the request fails the whole metric.
    /// </summary>
    public static Dictionary<string, long> PodRequests(IReadOnlyList<V1Pod> pods, string? container, string resource)
    {
        var requests = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var sum = 0L;
            var containers = (pod.Spec?.Containers ?? []).Concat((pod.Spec?.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"));
            foreach (var c in containers)
            {
                if (!string.IsNullOrEmpty(container) && container != c.Name)
                {
                    continue;
                }
                if (c.Resources?.Requests?.TryGetValue(resource, out var request) != true)
                {
                    throw new MetricException($"missing request for {resource} in container {c.Name} of Pod {pod.Metadata.Name}");
                }
                sum += QuantityMath.MilliValue(request!);
            }
            requests[pod.Metadata.Name] = sum;
        }
        return requests;
    }

    /// <summary>GetResourceUtilizationRatio: usage over requests of the pods with both, in whole percent (Go's integer division).</summary>
    public static (double Ratio, int Utilization, long RawAverage) UtilizationRatio(IReadOnlyDictionary<string, PodMetric> metrics,
        IReadOnlyDictionary<string, long> requests, int targetUtilization)
    {
        long usage = 0, requested = 0, entries = 0;
        foreach (var (name, metric) in metrics)
        {
            if (!requests.TryGetValue(name, out var request))
            {
                continue;
            }
            usage += metric.Value;
            requested += request;
            entries++;
        }
        if (requested == 0)
        {
            throw new MetricException("no metrics returned matched known pods");
        }
        var utilization = (int)(usage * 100 / requested);
        return ((double)utilization / targetUtilization, utilization, usage / entries);
    }

    /// <summary>GetMetricUsageRatio: the average usage per pod over the target.</summary>
    public static (double Ratio, long Average) UsageRatio(IReadOnlyDictionary<string, PodMetric> metrics, long targetUsage)
    {
        var total = metrics.Values.Sum(m => m.Value);
        var average = total / metrics.Count;
        return ((double)average / targetUsage, average);
    }

    private static void Remove(Dictionary<string, PodMetric> metrics, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            metrics.Remove(name);
        }
    }

    private static void ZeroFor(Dictionary<string, PodMetric> metrics, IEnumerable<string> names, DateTimeOffset now)
    {
        foreach (var name in names)
        {
            metrics[name] = new PodMetric(0, now, TimeSpan.Zero);
        }
    }
}
