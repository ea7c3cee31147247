using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Kubectl;

namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>The walkthrough's objects, created through the API as a user would.</summary>
internal static class FleetObjects
{
    public static Task<V1DaemonSet> CreateMonitoringDaemonAsync(Kubernetes client) =>
        client.CreateNamespacedDaemonSetAsync(KubernetesYaml.Deserialize<V1DaemonSet>(Manifests.MonitoringDaemon), "default");

    /// <summary>A node as a KWOK manifest writes it: the annotation hands it to the simulated kubelet.</summary>
    public static Task CreateKwokNodeAsync(HttpClient http, string name) => http.CreateAsync("/api/v1/nodes", System.Text.Json.JsonSerializer.Serialize(new
    {
        apiVersion = "v1",
        kind = "Node",
        metadata = new
        {
            name,
            annotations = new Dictionary<string, string> { ["kwok.x-k8s.io/node"] = "fake" },
            labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name },
        },
    }));
}
