using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Autoscaling;

/// <summary>
/// A server whose HPA controller syncs every 300 ms instead of 15 s, with pods past the cpu initialization period at
/// once (so a pod's cpu counts as soon as it is Ready, by groupPods' second rule), a 10 s downscale window, and deployments whose containers
/// request 100m of cpu and use what the template's usage annotation pins.
/// </summary>
public static class AutoscalingKit
{
    public const string Hpas = "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers";
    public const string HpasV1 = "/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers";
    public const string DeploymentsPath = "/apis/apps/v1/namespaces/default/deployments";

    public static ApiServerHost Start(string downscaleStabilization = "00:00:10") => ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
    {
        ["Controllers:HorizontalPodAutoscalerSyncPeriod"] = "00:00:00.300",
        ["Controllers:HorizontalPodAutoscalerCpuInitializationPeriod"] = "00:00:00",
        ["Controllers:HorizontalPodAutoscalerDownscaleStabilization"] = downscaleStabilization,
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
    });

    public static string Deployment(string name, int replicas, string usedCpu) =>
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"replicas\":" + replicas
        + ",\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"},"
        + "\"annotations\":{\"sim.miniapiserver.io/usage-cpu\":\"" + usedCpu + "\"}},"
        + "\"spec\":{\"containers\":[{\"name\":\"app\",\"image\":\"nginx\",\"resources\":{\"requests\":{\"cpu\":\"100m\"}}}]}}}}";

    public static string Hpa(string name, string target, string spec) =>
        "{\"apiVersion\":\"autoscaling/v2\",\"kind\":\"HorizontalPodAutoscaler\",\"metadata\":{\"name\":\"" + name + "\"},"
        + "\"spec\":{\"scaleTargetRef\":{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"" + target + "\"}," + spec + "}}";

    public static async Task<JsonObject> HpaWhen(HttpClient http, string name, Func<JsonObject, bool> done, string what) =>
        (await Eventually.Get(() => http.GetJsonAsync($"{Hpas}/{name}"), h => h is not null && done(h), TimeSpan.FromSeconds(60), what))!;

    /// <summary>The value at a path of names (and array indexes) as text, numbers included; null when absent.</summary>
    public static string? At(this JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node is JsonArray array ? (int.TryParse(p, out var i) && i < array.Count ? array[i] : null) : node?[p];
        }
        return node switch
        {
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => v.ToJsonString(),
            _ => null,
        };
    }

    public static JsonObject? Condition(JsonObject hpa, string type) =>
        (hpa["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.At("type") == type);

    public static bool Has(JsonObject hpa, string type, string status, string reason) =>
        Condition(hpa, type) is { } c && c.At("status") == status && c.At("reason") == reason;

    public static async Task<List<string>> EventMessages(HttpClient http, string reason) =>
        [.. (await http.ListItemsAsync($"/api/v1/namespaces/default/events?fieldSelector=reason%3D{reason}"))
            .Where(e => e.Str("source", "component") == "horizontal-pod-autoscaler")
            .Select(e => e.Str("message")!)];
}
