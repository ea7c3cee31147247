using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Nodes;

/// <summary>Short timings so node lifecycle scenarios finish in seconds.</summary>
internal static class NodeFixtures
{
    /// <summary>Starts the server and waits until the simulated kubelet has registered every node Ready.</summary>
    public static async Task<ApiServerHost> StartAsync(int nodes, IDictionary<string, string>? extra = null)
    {
        var server = Start(nodes, extra);
        await Eventually.Get(() => server.Client.ListNodeAsync(), l => l.Items.Count(IsReady) >= nodes, what: $"{nodes} Ready nodes");
        return server;
    }

    public static ApiServerHost Start(int nodes, IDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Controllers:HeartbeatInterval"] = "00:00:00.500",
            ["Controllers:NodeMonitorPeriod"] = "00:00:00.250",
            ["Controllers:NodeMonitorGracePeriod"] = "00:00:02",
            ["Controllers:SimulatedReadyDelay"] = "00:00:00.300",
            ["Controllers:PodGcPeriod"] = "00:00:00.250",
            ["Controllers:PodGcQuarantine"] = "00:00:00.500",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            settings[k] = v;
        }
        return ApiServerHost.Start(nodes: nodes, settings: settings);
    }

    public static V1Pod Pod(string name, string? node, params V1Toleration[] tolerations) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec
        {
            NodeName = node,
            Containers = [new V1Container { Name = "app", Image = "nginx:1.27" }],
            Tolerations = tolerations.Length == 0 ? null : tolerations,
        },
    };

    public static V1NodeCondition? Condition(V1Node node, string type) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsReady(V1Node node) => Condition(node, "Ready")?.Status == "True";

    public static bool HasTaint(V1Node node, string key, string effect) =>
        node.Spec?.Taints?.Any(t => t.Key == key && t.Effect == effect) == true;

    public static async Task<bool> IsGone(Kubernetes client, string name, string ns = "default")
    {
        try
        {
            await client.ReadNamespacedPodAsync(name, ns);
            return false;
        }
        catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
    }

    public static Task PatchNodeAsync(Kubernetes client, string name, string mergePatch) =>
        client.PatchNodeAsync(new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), name);
}
