using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Watch;

/// <summary>ConfigMap writes and whole-stream watch reads over plain HTTP, for the watch tests.</summary>
internal static class WatchHttp
{
    public const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    /// <summary>Creates a ConfigMap and returns its resourceVersion.</summary>
    public static async Task<string> CreateAsync(HttpClient http, string name, string value)
    {
        var body = new JsonObject { ["metadata"] = new JsonObject { ["name"] = name }, ["data"] = new JsonObject { ["v"] = value } };
        using var resp = await http.PostAsync(ConfigMaps, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, resp.StatusCode);
        return ResourceVersion(JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
    }

    /// <summary>Every event of a watch response, up to the end of the stream.</summary>
    public static async Task<List<JsonNode>> ReadAllAsync(HttpResponseMessage response)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var events = new List<JsonNode>();
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length > 0)
            {
                events.Add(JsonNode.Parse(line)!);
            }
        }
        return events;
    }

    public static string ResourceVersion(JsonNode obj) => obj["metadata"]!["resourceVersion"]!.GetValue<string>();

    public static string Type(JsonNode watchEvent) => watchEvent["type"]!.GetValue<string>();

    public static string? Name(JsonNode watchEvent) => watchEvent["object"]?["metadata"]?["name"]?.GetValue<string>();
}
