using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>Small JSON-over-HTTP helpers for controller tests: create, read, patch, delete, list.</summary>
public static class ApiJson
{
    public static async Task<JsonObject> CreateAsync(this HttpClient http, string collectionPath, string json)
    {
        var resp = await http.PostAsync(collectionPath, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.StatusCode == HttpStatusCode.Created, $"POST {collectionPath}: {(int)resp.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<JsonObject?> GetJsonAsync(this HttpClient http, string path)
    {
        var resp = await http.GetAsync(path);
        if (resp.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        resp.EnsureSuccessStatusCode();
        return JsonNode.Parse(await resp.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>
    /// Waits for the root CA publisher's kube-root-ca.crt in <paramref name="ns"/>, which every namespace holds as on a
    /// real cluster: a test that counts ConfigMaps then counts it once, never racing its creation.
    /// </summary>
    public static Task RootCaPublishedAsync(this HttpClient http, string ns = "default") =>
        Eventually.Get(() => http.GetJsonAsync($"/api/v1/namespaces/{ns}/configmaps/kube-root-ca.crt"), cm => cm is not null, what: $"{ns}/kube-root-ca.crt");

    public static async Task<JsonObject> MergePatchAsync(this HttpClient http, string path, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Patch, path)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/merge-patch+json"),
        };
        var resp = await http.SendAsync(request);
        var body = await resp.Content.ReadAsStringAsync();
        Assert.True(resp.IsSuccessStatusCode, $"PATCH {path}: {(int)resp.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task<HttpStatusCode> DeleteJsonAsync(this HttpClient http, string path, string? propagationPolicy = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, path);
        if (propagationPolicy is not null)
        {
            request.Content = new StringContent($$"""{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"{{propagationPolicy}}"}""", Encoding.UTF8, "application/json");
        }
        var resp = await http.SendAsync(request);
        return resp.StatusCode;
    }

    /// <summary>Any request with an optional JSON body: its status code and the response's JSON (a Status on failure).</summary>
    public static async Task<(HttpStatusCode Code, JsonObject Body)> SendJsonAsync(
        this HttpClient http, HttpMethod method, string path, string? json = null, string type = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, type);
        }
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    /// <summary><see cref="SendJsonAsync"/> for a request that must be a 422 Invalid: the Status's message.</summary>
    public static async Task<string> InvalidMessageAsync(
        this HttpClient http, HttpMethod method, string path, string json, string type = "application/json")
    {
        var (code, status) = await http.SendJsonAsync(method, path, json, type);
        Assert.True(code == HttpStatusCode.UnprocessableEntity && status.Str("reason") == "Invalid", $"{method} {path}: {(int)code} {status.ToJsonString()}");
        return status.Str("message")!;
    }

    /// <summary>Opens the watch at <paramref name="path"/> and returns its first event (20 s at most).</summary>
    public static async Task<JsonObject> FirstWatchEventAsync(this HttpClient http, string path)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        while (await reader.ReadLineAsync(cts.Token) is { } line)
        {
            if (line.Length > 0)
            {
                return JsonNode.Parse(line)!.AsObject();
            }
        }
        throw new InvalidOperationException("watch ended without an event");
    }

    public static async Task<List<JsonObject>> ListItemsAsync(this HttpClient http, string path)
    {
        var list = await http.GetJsonAsync(path);
        return list?["items"]?.AsArray().OfType<JsonObject>().ToList() ?? [];
    }

    public static string? Str(this JsonNode? node, params string[] path)
    {
        foreach (var p in path)
        {
            node = node?[p];
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }
}
