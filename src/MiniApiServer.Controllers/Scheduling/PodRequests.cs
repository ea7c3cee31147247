using k8s.Models;

namespace MiniApiServer.Controllers.Scheduling;

/// <summary>
/// component-helpers/resource/helpers.go PodRequests: the sum over containers, at least the largest init
/// container, plus overhead. The non-zero variant substitutes 100m / 200Mi for a container that requests
/// nothing, as scoring does (pkg/scheduler/util/pod_resources.go), so empty pods still spread.
/// </summary>
public static class PodRequests
{
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200 * 1024 * 1024;

    public static Resources Of(V1Pod pod) => Compute(pod, nonZero: false);

    public static Resources NonZero(V1Pod pod) => Compute(pod, nonZero: true);

    public static long MilliCpu(ResourceQuantity q) => (long)Math.Ceiling(q.ToDecimal() * 1000m);

    public static long Bytes(ResourceQuantity q) => (long)Math.Ceiling(q.ToDecimal());

    private static Resources Compute(V1Pod pod, bool nonZero)
    {
        var spec = pod.Spec;
        if (spec is null)
        {
            return default;
        }
        var sum = default(Resources);
        foreach (var c in spec.Containers ?? [])
        {
            sum += Container(c, nonZero);
        }
        foreach (var c in spec.InitContainers ?? [])
        {
            sum = Resources.Max(sum, Container(c, nonZero));
        }
        if (spec.Overhead is { } overhead)
        {
            sum += new Resources(
                overhead.TryGetValue("cpu", out var cpu) ? MilliCpu(cpu) : 0,
                overhead.TryGetValue("memory", out var mem) ? Bytes(mem) : 0);
        }
        return sum;
    }

    private static Resources Container(V1Container c, bool nonZero)
    {
        var requests = c.Resources?.Requests;
        long? cpu = requests is not null && requests.TryGetValue("cpu", out var q) ? MilliCpu(q) : null;
        long? memory = requests is not null && requests.TryGetValue("memory", out var m) ? Bytes(m) : null;
        return nonZero
            ? new Resources(cpu ?? DefaultMilliCpuRequest, memory ?? DefaultMemoryRequest)
            : new Resources(cpu ?? 0, memory ?? 0);
    }
}
