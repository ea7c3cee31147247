using k8s.Models;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Logs;

/// <summary>Which container a log, exec or attach request means (pkg/registry/core/pod/strategy.go validateContainer).</summary>
public static class PodContainer
{
    public static string Resolve(V1Pod pod, string? container)
    {
        var name = pod.Metadata.Name;
        var main = pod.Spec?.Containers?.Select(c => c.Name).ToList() ?? [];
        if (string.IsNullOrEmpty(container))
        {
            switch (main.Count)
            {
                case 1:
                    return main[0];
                case 0:
                    throw ApiErrors.BadRequest($"a container name must be specified for pod {name}");
                default:
                    var init = pod.Spec?.InitContainers?.Select(c => c.Name).ToList() ?? [];
                    var message = $"a container name must be specified for pod {name}, choose one of: [{string.Join(' ', main)}]";
                    throw ApiErrors.BadRequest(init.Count > 0 ? $"{message} or one of the init containers: [{string.Join(' ', init)}]" : message);
            }
        }
        var known = main
            .Concat(pod.Spec?.InitContainers?.Select(c => c.Name) ?? [])
            .Concat(pod.Spec?.EphemeralContainers?.Select(c => c.Name) ?? []);
        return known.Contains(container, StringComparer.Ordinal)
            ? container
            : throw ApiErrors.BadRequest($"container {container} is not valid for pod {name}");
    }

    public static V1ContainerStatus? Status(V1Pod pod, string container) =>
        (pod.Status?.ContainerStatuses ?? [])
            .Concat(pod.Status?.InitContainerStatuses ?? [])
            .Concat(pod.Status?.EphemeralContainerStatuses ?? [])
            .FirstOrDefault(s => s.Name == container);
}
