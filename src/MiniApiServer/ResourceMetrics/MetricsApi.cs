using MiniApiServer.Application.Resources;

namespace MiniApiServer.ResourceMetrics;

/// <summary>
/// metrics.k8s.io/v1beta1 as metrics-server serves it: read-only, computed on request, never stored. It is kept out of
/// the <see cref="ResourceRegistry"/> so that no write path can reach it.
/// </summary>
public static class MetricsApi
{
    public const string Group = "metrics.k8s.io";
    public const string Version = "v1beta1";
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>metrics-server reports usage over this window; the simulated figures are instantaneous.</summary>
    public const string Window = "10s";

    private static readonly string[] ReadVerbs = ["get", "list"];

    public static readonly ResourceType Nodes = new(Group, Version, "nodes", "", "NodeMetrics", false, typeof(object), [], [], [], Verbs: ReadVerbs);

    public static readonly ResourceType Pods = new(Group, Version, "pods", "", "PodMetrics", true, typeof(object), [], [], [], Verbs: ReadVerbs);

    public static readonly IReadOnlyList<ResourceType> Types = [Nodes, Pods];

    /// <summary>metav1.Time as metrics-server and the kubelet's stats write it: whole seconds, UTC.</summary>
    public static string Stamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
