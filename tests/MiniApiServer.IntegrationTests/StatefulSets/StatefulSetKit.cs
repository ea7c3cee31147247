using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.StatefulSets;

/// <summary>StatefulSets as the tests write them over HTTP, and the reads they assert on.</summary>
internal static class StatefulSetKit
{
    public const string Collection = "/apis/apps/v1/namespaces/default/statefulsets";
    public const string Pods = "/api/v1/namespaces/default/pods";

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Pods turn Ready shortly after they run, so an ordered rollout is quick but each step observable.</summary>
    public static ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.300",
    });

    /// <summary>A StatefulSet manifest with pods labelled app=<paramref name="name"/>; <paramref name="extraSpec"/> adds spec fields.</summary>
    public static string StatefulSet(string name, int replicas = 1, string extraSpec = "", string image = "nginx:1.27", string selectorLabels = "")
    {
        var labels = selectorLabels.Length > 0 ? selectorLabels : "{\"app\":\"" + name + "\"}";
        return "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"replicas\":" + replicas
            + ",\"serviceName\":\"" + name + "\",\"selector\":{\"matchLabels\":" + labels + "}" + extraSpec
            + ",\"template\":{\"metadata\":{\"labels\":" + labels + "},\"spec\":{\"containers\":[{\"name\":\"main\",\"image\":\"" + image + "\"}]}}}}";
    }

    public static async Task<JsonObject> GetAsync(HttpClient http, string name) =>
        (await http.GetJsonAsync($"{Collection}/{name}"))!;

    /// <summary>The live (not terminating) pods named <c>name-N</c>, by name.</summary>
    public static async Task<Dictionary<string, JsonObject>> PodsAsync(HttpClient http, string name)
    {
        var pods = await http.ListItemsAsync(Pods);
        return pods.Where(p => p.Str("metadata", "name")!.StartsWith(name + "-", StringComparison.Ordinal) && p["metadata"]!["deletionTimestamp"] is null)
            .ToDictionary(p => p.Str("metadata", "name")!);
    }

    /// <summary>Every pod named <c>name-N</c>, terminating ones too, by name.</summary>
    public static async Task<Dictionary<string, JsonObject>> AllPodsAsync(HttpClient http, string name)
    {
        var pods = await http.ListItemsAsync(Pods);
        return pods.Where(p => p.Str("metadata", "name")!.StartsWith(name + "-", StringComparison.Ordinal)).ToDictionary(p => p.Str("metadata", "name")!);
    }

    public static bool IsTerminating(JsonObject pod) => pod["metadata"]!["deletionTimestamp"] is not null;

    public static string? Revision(JsonObject pod) => pod["metadata"].Str("labels", "controller-revision-hash");

    public static string? Image(JsonObject pod) => pod["spec"]!["containers"]![0].Str("image");

    /// <summary>Polls until <paramref name="done"/> holds for the set, returning it.</summary>
    public static Task<JsonObject> WaitForSetAsync(HttpClient http, string name, Func<JsonObject, bool> done, string what) =>
        Eventually.Get(() => GetAsync(http, name), done, Deadline, what);

    public static bool IsRolledOut(JsonObject set, int replicas) =>
        Int(set, "status", "readyReplicas") == replicas && Int(set, "status", "replicas") == replicas
        && Int(set, "status", "observedGeneration") == Int(set, "metadata", "generation")
        && set["status"].Str("currentRevision") == set["status"].Str("updateRevision") && Int(set, "status", "updatedReplicas") == replicas;

    public static bool IsReady(JsonObject pod) =>
        pod["status"]?["conditions"]?.AsArray().Any(c => c.Str("type") == "Ready" && c.Str("status") == "True") == true;

    public static async Task<List<(string Reason, string Message)>> EventsOfAsync(HttpClient http, string name)
    {
        var list = (await http.GetJsonAsync($"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name={name}"))!;
        return [.. list["items"]!.AsArray().Select(e => (e.Str("reason") ?? "", e.Str("message") ?? ""))];
    }

    public static long Int(JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node?[p];
        }
        return node is JsonValue v && v.TryGetValue<long>(out var n) ? n : 0;
    }
}
