using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.HighAvailability;

/// <summary>
/// NamespaceLifecycle admission across replicas, as kube-apiserver's plugin (plugin/pkg/admission/namespace/lifecycle):
/// a namespace the replica's cache lacks is looked up at the database's committed revision (upstream's live GET), so
/// content can go into a namespace the moment another replica acknowledged creating it; one the cache holds is
/// judged from the cache (upstream's lister), so content is refused once the replica has seen the namespace Terminating.
/// </summary>
public sealed class ReplicaNamespaceLifecycleTests(ThreeReplicas cluster) : IClassFixture<ThreeReplicas>
{
    private const int Rounds = 30;

    [Fact]
    public async Task CreateIntoANamespaceJustCreatedThroughAnotherReplica_Succeeds()
    {
        var refused = new List<string>();
        for (var i = 0; i < Rounds; i++)
        {
            var ns = $"fresh-{i.ToString(CultureInfo.InvariantCulture)}";
            using (var created = await Post(cluster.Http[i % 3], "/api/v1/namespaces", Namespace(ns)))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            using var content = await Post(cluster.Http[(i + 1) % 3], $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("first", finalizer: null));
            if (content.StatusCode != HttpStatusCode.Created)
            {
                refused.Add($"{ns}: {(int)content.StatusCode} {await content.Content.ReadAsStringAsync()}");
            }
        }
        Assert.True(refused.Count == 0, $"{refused.Count} of {Rounds} creates refused: {string.Join("; ", refused.Take(5))}");
    }

    [Fact]
    public async Task CreateIntoANamespaceMarkedTerminatingThroughAnotherReplica_IsForbiddenOnceTheReplicaServesItTerminating()
    {
        var admitted = new List<string>();
        for (var i = 0; i < Rounds; i++)
        {
            var ns = $"closing-{i.ToString(CultureInfo.InvariantCulture)}";
            var (a, b) = (cluster.Http[i % 3], cluster.Http[(i + 1) % 3]);
            using (var created = await Post(a, "/api/v1/namespaces", Namespace(ns)))
            {
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
            // A finalizer on content keeps the namespace Terminating for the rest of the test; B has seen it live.
            using (var held = await Post(b, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("held", finalizer: "example.com/hold")))
            {
                Assert.Equal(HttpStatusCode.Created, held.StatusCode);
            }
            using (var deleted = await a.DeleteAsync($"/api/v1/namespaces/{ns}"))
            {
                Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            }
            // A GET without a resourceVersion is a consistent read: B answers it after catching up with the database.
            using (var seen = await b.GetAsync($"/api/v1/namespaces/{ns}"))
            {
                Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
                Assert.Equal("Terminating", JsonNode.Parse(await seen.Content.ReadAsStringAsync())!["status"]?["phase"]?.GetValue<string>());
            }
            using var content = await Post(b, $"/api/v1/namespaces/{ns}/configmaps", ConfigMap("late", finalizer: null));
            var status = JsonNode.Parse(await content.Content.ReadAsStringAsync())!;
            if (content.StatusCode != HttpStatusCode.Forbidden)
            {
                admitted.Add($"{ns}: {(int)content.StatusCode} {status.ToJsonString()}");
                continue;
            }
            Assert.Equal("Status", status.Str("kind"));
            Assert.Equal($"configmaps \"late\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", status.Str("message"));
        }
        Assert.True(admitted.Count == 0, $"{admitted.Count} of {Rounds} creates not refused: {string.Join("; ", admitted.Take(5))}");
    }

    private static JsonObject Namespace(string name) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Namespace",
        ["metadata"] = new JsonObject { ["name"] = name },
    };

    private static JsonObject ConfigMap(string name, string? finalizer) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = finalizer is null
            ? new JsonObject { ["name"] = name }
            : new JsonObject { ["name"] = name, ["finalizers"] = new JsonArray(finalizer) },
    };

    private static Task<HttpResponseMessage> Post(HttpClient http, string path, JsonObject body) =>
        http.PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
}
