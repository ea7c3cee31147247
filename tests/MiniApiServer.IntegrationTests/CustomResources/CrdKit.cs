using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>The CronTab CRD of the Kubernetes docs' "Extend the Kubernetes API with CustomResourceDefinitions" page, as bodies and paths.</summary>
public static class CrdKit
{
    public const string Crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    public const string CronTabs = "/apis/stable.example.com/v1/namespaces/default/crontabs";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public const string CronTabSchema = """
        {"type":"object","properties":{
          "spec":{"type":"object","required":["image"],"properties":{
            "cronSpec":{"type":"string","pattern":"^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$"},
            "image":{"type":"string","maxLength":40},
            "replicas":{"type":"integer","minimum":1,"maximum":10,"default":1},
            "mode":{"type":"string","enum":["Fast","Slow"]},
            "ports":{"type":"array","maxItems":2,"items":{"type":"object","properties":{"name":{"type":"string"},"port":{"type":"integer"}}}},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "anything":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
          "status":{"type":"object","properties":{"ready":{"type":"boolean"},"replicas":{"type":"integer"}}}}}
        """;

    /// <summary>The CRD with its one version (or a second, v1beta1, served from the same store).</summary>
    public static string CronTabCrd(bool withBeta = false, bool status = true, string scope = "Namespaced") =>
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"crontabs.stable.example.com\"},"
        + "\"spec\":{\"group\":\"stable.example.com\",\"scope\":\"" + scope + "\",\"names\":{\"plural\":\"crontabs\",\"singular\":\"crontab\",\"kind\":\"CronTab\",\"shortNames\":[\"ct\"]},"
        + "\"versions\":[" + Version("v1", storage: true, status) + (withBeta ? "," + Version("v1beta1", storage: false, status) : "") + "]}}";

    private static string Version(string name, bool storage, bool status) =>
        "{\"name\":\"" + name + "\",\"served\":true,\"storage\":" + (storage ? "true" : "false") + ",\"schema\":{\"openAPIV3Schema\":" + CronTabSchema + "}"
        + (status ? ",\"subresources\":{\"status\":{}}" : "")
        + ",\"additionalPrinterColumns\":[{\"name\":\"Spec\",\"type\":\"string\",\"jsonPath\":\".spec.cronSpec\"},"
        + "{\"name\":\"Replicas\",\"type\":\"integer\",\"jsonPath\":\".spec.replicas\"},{\"name\":\"Age\",\"type\":\"date\",\"jsonPath\":\".metadata.creationTimestamp\"}]}";

    /// <summary>A namespaced CRD of one version, v1, whose schema gives spec the schema <paramref name="specSchema"/>.</summary>
    public static string SingleVersionCrd(string group, string plural, string kind, string specSchema) =>
        "{\"apiVersion\":\"apiextensions.k8s.io/v1\",\"kind\":\"CustomResourceDefinition\",\"metadata\":{\"name\":\"" + plural + "." + group + "\"},"
        + "\"spec\":{\"group\":\"" + group + "\",\"scope\":\"Namespaced\",\"names\":{\"plural\":\"" + plural + "\",\"kind\":\"" + kind + "\"},"
        + "\"versions\":[{\"name\":\"v1\",\"served\":true,\"storage\":true,\"schema\":{\"openAPIV3Schema\":{\"type\":\"object\",\"properties\":{\"spec\":" + specSchema + "}}}}]}}";

    public static string CronTab(string name, string spec, string apiVersion = "stable.example.com/v1") =>
        "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"CronTab\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}";

    /// <summary>Creates the CRD and waits until its resource is served (Established, and the group-version in discovery).</summary>
    public static async Task<JsonObject> InstallAsync(HttpClient http, string crd, string version = "stable.example.com/v1")
    {
        await http.CreateAsync(Crds, crd);
        var name = JsonNode.Parse(crd)!.Str("metadata", "name")!;
        var established = await Eventually.Get(() => http.GetJsonAsync($"{Crds}/{name}"), c => IsTrue(c, "Established"), Deadline, $"{name} established");
        await Eventually.True(async () => (await http.GetAsync($"/apis/{version}")).IsSuccessStatusCode, Deadline, $"{version} served");
        return established!;
    }

    public static bool IsTrue(JsonObject? crd, string condition) =>
        crd?["status"]?["conditions"] is JsonArray conditions
        && conditions.OfType<JsonObject>().Any(c => c.Str("type") == condition && c.Str("status") == "True");

    public static JsonObject? Condition(JsonObject? crd, string condition) =>
        (crd?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == condition);
}
