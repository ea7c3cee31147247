using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Namespaces;

/// <summary>Namespace deletion as upstream: Terminating first, content removed through the normal delete path, then gone.</summary>
public sealed class NamespaceDeletionTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private Task<HttpResponseMessage> Post(string path, string json) =>
        Server.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task DeleteNamespace_IsTerminatingUntilContentIsGone_ThenDisappears()
    {
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/v1/namespaces", """{"metadata":{"name":"team-a"}}""")).StatusCode);
        // Published before the delete, so the deleter's first pass finds it with cfg, never a moment later.
        await Server.Http.RootCaPublishedAsync("team-a");
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/v1/namespaces/team-a/configmaps", """{"metadata":{"name":"cfg"}}""")).StatusCode);
        // A finalizer holds this object, and with it the namespace, until the test releases it.
        Assert.Equal(HttpStatusCode.Created, (await Post("/api/v1/namespaces/team-a/configmaps", """{"metadata":{"name":"held","finalizers":["example.com/hold"]}}""")).StatusCode);

        var deleted = await Server.Http.DeleteAsync("/api/v1/namespaces/team-a");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal("Terminating", JsonNode.Parse(await deleted.Content.ReadAsStringAsync())!["status"]!["phase"]!.GetValue<string>());

        var refused = await Post("/api/v1/namespaces/team-a/configmaps", """{"metadata":{"name":"late"}}""");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // NamespaceLifecycle's admission.NewForbidden: the group-qualified resource, the object's name (its generateName
        // before one is generated), and a NamespaceTerminating cause.
        var status = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("configmaps \"late\" is forbidden: unable to create new content in namespace team-a because it is being terminated", status["message"]!.GetValue<string>());
        Assert.Equal(("late", "configmaps"), (status["details"]!["name"]!.GetValue<string>(), status["details"]!["kind"]!.GetValue<string>()));
        var cause = Assert.Single(status["details"]!["causes"]!.AsArray())!;
        Assert.Equal(("NamespaceTerminating", "namespace team-a is being terminated", "metadata.namespace"),
            (cause["reason"]!.GetValue<string>(), cause["message"]!.GetValue<string>(), cause["field"]!.GetValue<string>()));
        // Admission runs before the registry asks for a name: a body with neither name nor generateName is "Unknown".
        var nameless = await Post("/api/v1/namespaces/team-a/configmaps", """{"metadata":{}}""");
        Assert.Equal(HttpStatusCode.Forbidden, nameless.StatusCode);
        Assert.StartsWith("configmaps \"Unknown\" is forbidden:", JsonNode.Parse(await nameless.Content.ReadAsStringAsync())!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var generated = await Post("/apis/apps/v1/namespaces/team-a/deployments",
            """{"metadata":{"generateName":"web-"},"spec":{"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""");
        Assert.Equal(HttpStatusCode.Forbidden, generated.StatusCode);
        Assert.Equal("deployments.apps \"web-\" is forbidden: unable to create new content in namespace team-a because it is being terminated",
            JsonNode.Parse(await generated.Content.ReadAsStringAsync())!["message"]!.GetValue<string>());
        await Eventually.True(async () => (await Server.Http.GetAsync("/api/v1/namespaces/team-a/configmaps/cfg")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(10), "content deleted");
        // The deleter's conditions say what holds the namespace (namespaced_resources_deleter.go), for kubectl describe.
        var conditions = await Eventually.Get(async () => JsonNode.Parse(await Server.Http.GetStringAsync("/api/v1/namespaces/team-a"))!["status"]!["conditions"]?.AsArray(),
            c => c?.Any(x => x!["type"]!.GetValue<string>() == "NamespaceFinalizersRemaining" && x["status"]!.GetValue<string>() == "True") == true, TimeSpan.FromSeconds(10), "conditions set");
        string Condition(string type) => string.Join(" | ", conditions!.Where(c => c!["type"]!.GetValue<string>() == type)
            .Select(c => $"{c!["status"]} {c["reason"]} {c["message"]}"));
        Assert.Equal("True SomeResourcesRemain Some resources are remaining: configmaps. has 1 resource instances", Condition("NamespaceContentRemaining"));
        Assert.Equal("True SomeFinalizersRemain Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances", Condition("NamespaceFinalizersRemaining"));
        Assert.Equal("False ContentDeleted All content successfully deleted, may be waiting on finalization", Condition("NamespaceDeletionContentFailure"));
        Assert.Equal(5, conditions!.Count);
        // An update of a Terminating namespace does not delete it while its spec.finalizers remain (ShouldDeleteNamespaceDuringUpdate).
        var labelled = await Server.Http.PatchAsync("/api/v1/namespaces/team-a",
            new StringContent("""{"metadata":{"labels":{"touched":"yes"}}}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, labelled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Server.Http.GetAsync("/api/v1/namespaces/team-a")).StatusCode);

        var release = await Server.Http.PatchAsync("/api/v1/namespaces/team-a/configmaps/held",
            new StringContent("""{"metadata":{"finalizers":null}}""", Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        await Eventually.True(async () => (await Server.Http.GetAsync("/api/v1/namespaces/team-a")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(10), "namespace gone");
    }
}
