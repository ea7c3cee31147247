using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Disruption;

/// <summary>Pods, budgets and evictions as the upstream eviction tests build them, over HTTP and the official client.</summary>
internal static class DisruptionKit
{
    public const string Namespace = "default";

    public static ApiServerHost Start(int nodes, string staleDisruptionTimeout = "00:02:00") => ApiServerHost.Start(nodes: nodes, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
        ["Controllers:SimulatedMaxGracePeriod"] = "00:00:00.200",
        ["Controllers:StalePodDisruptionTimeout"] = staleDisruptionTimeout,
    });

    public static async Task<V1Pod> CreatePodAsync(Kubernetes client, string name, IDictionary<string, string> labels, string? node = null,
        IList<V1OwnerReference>? owners = null, IDictionary<string, string>? nodeSelector = null)
    {
        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = labels, OwnerReferences = owners },
            Spec = new V1PodSpec
            {
                NodeName = node,
                NodeSelector = nodeSelector,
                Containers = [new V1Container { Name = "app", Image = "nginx" }],
            },
        };
        return await client.CreateNamespacedPodAsync(pod, Namespace);
    }

    public static async Task<V1Pod> ReadyPodAsync(Kubernetes client, string name, IDictionary<string, string> labels, string? node = null,
        IList<V1OwnerReference>? owners = null)
    {
        await CreatePodAsync(client, name, labels, node, owners);
        return await Eventually.Get(() => client.ReadNamespacedPodAsync(name, Namespace),
            p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, what: $"pod {name} ready");
    }

    public static Task<V1PodDisruptionBudget> CreateBudgetAsync(Kubernetes client, string name, IDictionary<string, string> selector,
        IntOrString? minAvailable = null, IntOrString? maxUnavailable = null) =>
        client.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new V1PodDisruptionBudgetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = selector },
                MinAvailable = minAvailable,
                MaxUnavailable = maxUnavailable,
            },
        }, Namespace);

    /// <summary>Waits for the disruption controller to have observed the budget's generation and reached the given counts.</summary>
    public static Task<V1PodDisruptionBudget> BudgetAsync(Kubernetes client, string name, int currentHealthy, int desiredHealthy, int expectedPods, int disruptionsAllowed) =>
        Eventually.Get(() => client.ReadNamespacedPodDisruptionBudgetAsync(name, Namespace),
            p => p.Status is { } s && s.ObservedGeneration == p.Metadata.Generation
                && (s.CurrentHealthy, s.DesiredHealthy, s.ExpectedPods, s.DisruptionsAllowed) == (currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed),
            what: $"pdb {name} status current={currentHealthy} desired={desiredHealthy} expected={expectedPods} allowed={disruptionsAllowed}");

    public static async Task<(int Code, JsonObject Body)> EvictAsync(HttpClient http, string pod, string apiVersion = "policy/v1", string? evictionName = null, string? deleteOptions = null)
    {
        var body = $$"""{"apiVersion":"{{apiVersion}}","kind":"Eviction","metadata":{"name":"{{evictionName ?? pod}}","namespace":"{{Namespace}}"}{{(deleteOptions is null ? "" : $",\"deleteOptions\":{deleteOptions}")}}}""";
        return await PostEvictionAsync(http, pod, new StringContent(body, Encoding.UTF8, "application/json"));
    }

    public static async Task<(int Code, JsonObject Body)> PostEvictionAsync(HttpClient http, string pod, HttpContent content)
    {
        var resp = await http.PostAsync($"/api/v1/namespaces/{Namespace}/pods/{pod}/eviction", content);
        return ((int)resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsObject());
    }

    public static ByteArrayContent Protobuf(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        return content;
    }

    /// <summary>Gone, or on its way out (the simulated kubelet finishes a graceful delete shortly after).</summary>
    public static async Task<bool> GoneOrDeletingAsync(HttpClient http, string pod) =>
        await http.GetJsonAsync($"/api/v1/namespaces/{Namespace}/pods/{pod}") is not { } p || p["metadata"]?["deletionTimestamp"] is not null;
}
