using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace MiniApiServer.Controllers.Usage;

/// <summary>
/// Simulated resource usage, a pure function of the pod and the time (KWOK's ClusterResourceUsage does the same
/// with expressions): each running container uses between 20% and 80% of its request, on a slow wave whose phase
/// differs per container, so `kubectl top` shows living numbers; an annotation pins the figure instead.
/// </summary>
public static class SimulatedUsage
{
    /// <summary>Pins every container's CPU to this quantity ("250m").</summary>
    public const string CpuAnnotation = "sim.miniapiserver.io/usage-cpu";

    /// <summary>Pins every container's memory to this quantity ("64Mi").</summary>
    public const string MemoryAnnotation = "sim.miniapiserver.io/usage-memory";

    /// <summary>What a container without requests is taken to ask for: a small agent.</summary>
    public static readonly ResourceUsage DefaultRequest = new(10_000_000, 32L << 20);

    /// <summary>What the simulated node itself uses besides its pods (kubelet, runtime, system daemons).</summary>
    public static readonly ResourceUsage NodeOverhead = new(100_000_000, 256L << 20);

    public static readonly TimeSpan Period = TimeSpan.FromMinutes(5);

    public static bool IsRunning(V1Pod pod) =>
        pod.Status?.Phase == "Running" && !string.IsNullOrEmpty(pod.Spec?.NodeName) && pod.Metadata.DeletionTimestamp is null;

    public static IEnumerable<(string Container, ResourceUsage Usage)> Containers(V1Pod pod, DateTimeOffset now)
    {
        var annotations = pod.Metadata.Annotations;
        var pinnedCpu = Pinned(annotations, CpuAnnotation);
        var pinnedMemory = Pinned(annotations, MemoryAnnotation);
        foreach (var c in pod.Spec?.Containers ?? [])
        {
            var request = Request(c);
            var level = Level(pod.Metadata.Uid + "/" + c.Name, now);
            yield return (c.Name, new ResourceUsage(
                pinnedCpu is { } cpu ? (long)(cpu * 1_000_000_000m) : (long)(request.NanoCores * level),
                pinnedMemory is { } memory ? (long)memory : (long)(request.Bytes * level)));
        }
    }

    /// <summary>
    /// Core-seconds each container has used since <paramref name="start"/>: the integral of its usage curve, so that a
    /// scraper's rate over two readings (metrics-server's over kubelet's cumulative counters) gives the figures above.
    /// </summary>
    public static IEnumerable<(string Container, double CoreSeconds)> CpuSeconds(V1Pod pod, DateTimeOffset start, DateTimeOffset now)
    {
        var seconds = Math.Max(0, (now - start).TotalSeconds);
        var pinnedCpu = Pinned(pod.Metadata.Annotations, CpuAnnotation);
        foreach (var c in pod.Spec?.Containers ?? [])
        {
            if (pinnedCpu is { } cpu)
            {
                yield return (c.Name, (double)cpu * seconds);
                continue;
            }
            // ∫ 0.5 + 0.3·sin(2π(t/P + φ)) dt = 0.5·Δt − 0.3·P/2π·[cos(2π(t/P + φ))].
            var identity = pod.Metadata.Uid + "/" + c.Name;
            var period = Period.TotalSeconds;
            var level = 0.5 * seconds - 0.3 * period / (2 * Math.PI) * (Math.Cos(Angle(identity, now)) - Math.Cos(Angle(identity, now - TimeSpan.FromSeconds(seconds))));
            yield return (c.Name, Request(c).NanoCores / 1e9 * level);
        }
    }

    public static ResourceUsage Pod(V1Pod pod, DateTimeOffset now) =>
        Containers(pod, now).Aggregate(default(ResourceUsage), (sum, c) => sum + c.Usage);

    private static ResourceUsage Request(V1Container c)
    {
        var requests = c.Resources?.Requests ?? c.Resources?.Limits;
        var cpu = requests?.TryGetValue("cpu", out var q) == true ? (long)(q.ToDecimal() * 1_000_000_000m) : DefaultRequest.NanoCores;
        var memory = requests?.TryGetValue("memory", out var m) == true ? (long)m.ToDecimal() : DefaultRequest.Bytes;
        return new ResourceUsage(cpu, memory);
    }

    /// <summary>0.2–0.8, a sine over <see cref="Period"/> with a phase fixed by the container's identity.</summary>
    private static double Level(string identity, DateTimeOffset now)
    {
        return 0.5 + 0.3 * Math.Sin(Angle(identity, now));
    }

    private static double Angle(string identity, DateTimeOffset now)
    {
        var phase = BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(identity))) / (double)uint.MaxValue;
        return 2 * Math.PI * (now.ToUnixTimeMilliseconds() / Period.TotalMilliseconds + phase);
    }

    private static decimal? Pinned(IDictionary<string, string>? annotations, string key)
    {
        if (annotations?.TryGetValue(key, out var text) != true || string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return new ResourceQuantity(text).ToDecimal();
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
