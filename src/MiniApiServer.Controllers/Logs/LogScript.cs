using k8s.Models;

namespace MiniApiServer.Controllers.Logs;

/// <summary>
/// What a simulated container prints between its start and exit lines, named by the user on the pod (KWOK's
/// ClusterLogs points at a file on the host; a simulated cluster has no host files, so a ConfigMap or the
/// annotation itself holds the lines).
/// </summary>
public static class LogScript
{
    /// <summary>The lines themselves, one per line of the value.</summary>
    public const string LinesAnnotation = "sim.miniapiserver.io/log-lines";

    /// <summary>"NAME" or "NAME/KEY" of a ConfigMap in the pod's namespace; KEY defaults to <see cref="DefaultKey"/>.</summary>
    public const string ConfigMapAnnotation = "sim.miniapiserver.io/log-configmap";

    public const string DefaultKey = "log";

    public static (string Name, string Key)? ConfigMapRef(V1Pod pod)
    {
        if (pod.Metadata.Annotations?.TryGetValue(ConfigMapAnnotation, out var value) != true || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (value.Trim(), DefaultKey) : (value[..slash].Trim(), value[(slash + 1)..].Trim());
    }

    public static IReadOnlyList<string> Inline(V1Pod pod) =>
        pod.Metadata.Annotations?.TryGetValue(LinesAnnotation, out var value) == true ? Split(value) : [];

    public static IReadOnlyList<string> Split(string? text) =>
        (text ?? "").Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
}
