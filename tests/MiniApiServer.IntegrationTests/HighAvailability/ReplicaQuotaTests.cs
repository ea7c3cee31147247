using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// A ResourceQuota with creates spread over three servers on one PostgreSQL: each replica charges status.used with the
/// quota's resourceVersion as a precondition, so no interleaving of replicas stores more than the quota allows.
/// </summary>
public sealed class ReplicaQuotaTests(ThreeReplicas cluster) : IClassFixture<ThreeReplicas>
{
    private const string Namespace = "quota-ha";
    private const string Maps = $"/api/v1/namespaces/{Namespace}/configmaps";
    private const string Quota = $"/api/v1/namespaces/{Namespace}/resourcequotas/five";

    [Fact]
    public async Task ThirtyCreatesOverThreeReplicas_NeverStoreMoreThanTheQuota()
    {
        await cluster.Http[0].CreateAsync("/api/v1/namespaces", $$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{{Namespace}}}"}}""");
        // The leader's root CA publisher writes kube-root-ca.crt into the namespace; the quota comes after it, so it is
        // counted once like any ConfigMap there and never races the quota's first count.
        await cluster.Http[0].RootCaPublishedAsync(Namespace);
        await cluster.Http[1].CreateAsync($"/api/v1/namespaces/{Namespace}/resourcequotas",
            """{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"five"},"spec":{"hard":{"count/configmaps":"5"}}}""");
        // Every replica serves the quota once the leader's controller has filled its status (a GET catches a replica up).
        foreach (var http in cluster.Http)
        {
            await Eventually.Get(() => http.GetJsonAsync(Quota), q => q?["status"]?["hard"] is JsonObject, what: "the quota counted on every replica");
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => PostAsync(cluster.Http[i % 3], $"cm-{i}"))));

        var created = results.Count(r => r.Code == HttpStatusCode.Created);
        Assert.InRange(created, 1, 4);
        // A refusal is the quota's 403, or a 409 when another replica's charges kept winning the quota's write.
        Assert.All(results.Where(r => r.Code != HttpStatusCode.Created), r =>
            Assert.True(r.Code is HttpStatusCode.Forbidden or HttpStatusCode.Conflict, $"{(int)r.Code} {r.Body.ToJsonString()}"));
        // Filling the rest one at a time stops at exactly five stored objects.
        for (var i = 0; i < 10; i++)
        {
            await PostAsync(cluster.Http[i % 3], $"fill-{i}");
        }
        Assert.Equal(5, (await cluster.Http[2].ListItemsAsync(Maps)).Count);
        Assert.Equal("5", (await cluster.Http[0].GetJsonAsync(Quota)).Str("status", "used", "count/configmaps"));
    }

    private static async Task<(HttpStatusCode Code, JsonNode Body)> PostAsync(HttpClient http, string name)
    {
        var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""";
        using var resp = await http.PostAsync(Maps, new StringContent(body, Encoding.UTF8, "application/json"));
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
    }
}
