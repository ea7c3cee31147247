using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Serialization;
using MiniApiServer.Controllers.Usage;

namespace MiniApiServer.ResourceMetrics;

/// <summary>
/// What a simulated node's kubelet answers through the API server's node proxy, from the same simulated usage as
/// metrics.k8s.io: the stats summary (k8s.io/kubelet/pkg/apis/stats/v1alpha1) and the resource metrics
/// (pkg/kubelet/metrics/collectors/resource_metrics.go) that metrics-server scrapes. Counters are integrals of the
/// usage curves, so a rate over two scrapes gives the usage `kubectl top` shows; a node's counter sums its running
/// pods', so it falls back when a pod stops (a real node's cgroup counter does not).
/// </summary>
public static class SimulatedKubelet
{
    public static JsonObject Summary(V1Node node, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var nodeStart = Start(node.Metadata.CreationTimestamp, now);
        var podStats = new JsonArray();
        var nodeSeconds = SimulatedUsage.NodeOverhead.NanoCores / 1e9 * (now - nodeStart).TotalSeconds;
        var nodeUsage = SimulatedUsage.NodeOverhead;
        foreach (var pod in pods)
        {
            var podStart = Start(pod.Status?.StartTime, now);
            var seconds = SimulatedUsage.CpuSeconds(pod, podStart, now).ToDictionary(c => c.Container, c => c.CoreSeconds);
            var containers = new JsonArray();
            foreach (var (name, usage) in SimulatedUsage.Containers(pod, now))
            {
                containers.Add(new JsonObject
                {
                    ["name"] = name,
                    ["startTime"] = MetricsApi.Stamp(ContainerStart(pod, name) ?? podStart),
                    ["cpu"] = Cpu(usage, seconds[name], now),
                    ["memory"] = Memory(usage, now),
                });
            }
            var total = SimulatedUsage.Pod(pod, now);
            nodeUsage += total;
            nodeSeconds += seconds.Values.Sum();
            podStats.Add(new JsonObject
            {
                ["podRef"] = new JsonObject { ["name"] = pod.Metadata.Name, ["namespace"] = pod.Metadata.NamespaceProperty, ["uid"] = pod.Metadata.Uid },
                ["startTime"] = MetricsApi.Stamp(podStart),
                ["containers"] = containers,
                ["cpu"] = Cpu(total, seconds.Values.Sum(), now),
                ["memory"] = Memory(total, now),
            });
        }
        return new JsonObject
        {
            ["node"] = new JsonObject
            {
                ["nodeName"] = node.Metadata.Name,
                ["startTime"] = MetricsApi.Stamp(nodeStart),
                ["cpu"] = Cpu(nodeUsage, nodeSeconds, now),
                ["memory"] = Memory(nodeUsage, now, Allocatable(node)),
            },
            ["pods"] = podStats,
        };
    }

    /// <summary>/metrics/resource in the Prometheus text format, families in name order as the registry writes them.</summary>
    public static string ResourceMetrics(V1Node node, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var containerCpu = new StringBuilder();
        var containerMemory = new StringBuilder();
        var containerStart = new StringBuilder();
        var podCpu = new StringBuilder();
        var podMemory = new StringBuilder();
        var nodeSeconds = SimulatedUsage.NodeOverhead.NanoCores / 1e9 * (now - Start(node.Metadata.CreationTimestamp, now)).TotalSeconds;
        var nodeBytes = SimulatedUsage.NodeOverhead.Bytes;
        foreach (var pod in pods)
        {
            var podStart = Start(pod.Status?.StartTime, now);
            var podLabels = $"namespace=\"{pod.Metadata.NamespaceProperty}\",pod=\"{pod.Metadata.Name}\"";
            var seconds = SimulatedUsage.CpuSeconds(pod, podStart, now).ToDictionary(c => c.Container, c => c.CoreSeconds);
            foreach (var (name, usage) in SimulatedUsage.Containers(pod, now))
            {
                var labels = $"{{container=\"{name}\",{podLabels}}}";
                containerCpu.Append(CultureInfo.InvariantCulture, $"container_cpu_usage_seconds_total{labels} {GoValueText.Float(seconds[name])} {ms}\n");
                containerMemory.Append(CultureInfo.InvariantCulture, $"container_memory_working_set_bytes{labels} {GoValueText.Float(usage.Bytes)} {ms}\n");
                containerStart.Append(CultureInfo.InvariantCulture, $"container_start_time_seconds{labels} {GoValueText.Float((ContainerStart(pod, name) ?? podStart).ToUnixTimeSeconds())}\n");
            }
            var total = SimulatedUsage.Pod(pod, now);
            nodeSeconds += seconds.Values.Sum();
            nodeBytes += total.Bytes;
            podCpu.Append(CultureInfo.InvariantCulture, $"pod_cpu_usage_seconds_total{{{podLabels}}} {GoValueText.Float(seconds.Values.Sum())} {ms}\n");
            podMemory.Append(CultureInfo.InvariantCulture, $"pod_memory_working_set_bytes{{{podLabels}}} {GoValueText.Float(total.Bytes)} {ms}\n");
        }
        var text = new StringBuilder();
        Family(text, "container_cpu_usage_seconds_total", "Cumulative cpu time consumed by the container in core-seconds", "counter", containerCpu);
        Family(text, "container_memory_working_set_bytes", "Current working set of the container in bytes", "gauge", containerMemory);
        Family(text, "container_start_time_seconds", "Start time of the container since unix epoch in seconds", "gauge", containerStart);
        Family(text, "node_cpu_usage_seconds_total", "Cumulative cpu time consumed by the node in core-seconds", "counter",
            new StringBuilder($"node_cpu_usage_seconds_total {GoValueText.Float(nodeSeconds)} {ms}\n"));
        Family(text, "node_memory_working_set_bytes", "Current working set of the node in bytes", "gauge",
            new StringBuilder($"node_memory_working_set_bytes {GoValueText.Float(nodeBytes)} {ms}\n"));
        Family(text, "pod_cpu_usage_seconds_total", "Cumulative cpu time consumed by the pod in core-seconds", "counter", podCpu);
        Family(text, "pod_memory_working_set_bytes", "Current working set of the pod in bytes", "gauge", podMemory);
        Family(text, "resource_scrape_error", "1 if there was an error while getting container metrics, 0 otherwise", "gauge", new StringBuilder("resource_scrape_error 0\n"));
        return text.ToString();
    }

    private static void Family(StringBuilder text, string name, string help, string type, StringBuilder samples)
    {
        // A family without samples is not written, as client_golang leaves out a collector that reported none.
        if (samples.Length == 0)
        {
            return;
        }
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} [STABLE] {help}\n# TYPE {name} {type}\n").Append(samples);
    }

    private static JsonObject Cpu(ResourceUsage usage, double coreSeconds, DateTimeOffset now) => new()
    {
        ["time"] = MetricsApi.Stamp(now),
        ["usageNanoCores"] = usage.NanoCores,
        ["usageCoreNanoSeconds"] = (long)(coreSeconds * 1e9),
    };

    private static JsonObject Memory(ResourceUsage usage, DateTimeOffset now, long? allocatable = null)
    {
        var memory = new JsonObject { ["time"] = MetricsApi.Stamp(now) };
        if (allocatable is { } capacity)
        {
            memory["availableBytes"] = Math.Max(0, capacity - usage.Bytes);
        }
        memory["usageBytes"] = usage.Bytes;
        memory["workingSetBytes"] = usage.Bytes;
        memory["rssBytes"] = usage.Bytes;
        memory["pageFaults"] = 0;
        memory["majorPageFaults"] = 0;
        return memory;
    }

    private static long? Allocatable(V1Node node) =>
        node.Status?.Allocatable?.TryGetValue("memory", out var memory) == true ? (long)memory.ToDecimal() : null;

    private static DateTimeOffset? ContainerStart(V1Pod pod, string container) =>
        pod.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container)?.State?.Running?.StartedAt is { } started
            ? new DateTimeOffset(DateTime.SpecifyKind(started, DateTimeKind.Utc))
            : null;

    private static DateTimeOffset Start(DateTime? time, DateTimeOffset now) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : now;

}
