using k8s.Models;

namespace MiniApiServer.Application.Admission;

/// <summary>SetDefaults_Pod (pkg/apis/core/v1/defaults.go): a container's and an init container's requests default to their limits.</summary>
public static class PodResourceDefaults
{
    public static void RequestsFromLimits(V1PodSpec spec)
    {
        foreach (var c in spec.Containers ?? [])
        {
            RequestsFromLimits(c);
        }
        foreach (var c in spec.InitContainers ?? [])
        {
            RequestsFromLimits(c);
        }
    }

    private static void RequestsFromLimits(V1Container? c)
    {
        if (c?.Resources?.Limits is not { Count: > 0 } limits)
        {
            return;
        }
        c.Resources.Requests ??= new Dictionary<string, ResourceQuantity>();
        foreach (var (k, v) in limits)
        {
            c.Resources.Requests.TryAdd(k, v);
        }
    }
}
