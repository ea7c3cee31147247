using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.CustomResources.CrdKit;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// Custom resources over HTTP as apiextensions-apiserver serves them: the structural schema prunes, defaults and
/// validates (kube-openapi's messages), the status subresource splits the writes, generation follows the spec, and a
/// second version is served from the storage version's store with its own apiVersion.
/// </summary>
public sealed class CustomResourceApiTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task Create_PrunesUnknownFields_AppliesDefaults_AndValidatesTheSchema()
    {
        await InstallAsync(Server.Http, CronTabCrd());

        var created = await Server.Http.CreateAsync(CronTabs,
            CronTab("a", """{"cronSpec":"* * * * */5","image":"busybox","extra":1,"ports":[{"name":"http","port":80,"junk":true}],"anything":{"free":{"form":1}}}"""));
        Assert.Equal("1", created["spec"]!["replicas"]!.ToJsonString());
        Assert.Null(created["spec"]!["extra"]);
        Assert.Equal("""[{"name":"http","port":80}]""", created["spec"]!["ports"]!.ToJsonString());
        Assert.Equal("""{"free":{"form":1}}""", created["spec"]!["anything"]!.ToJsonString());
        Assert.Equal(("1", "CronTab", "stable.example.com/v1"), (created["metadata"]!["generation"]!.ToJsonString(), created.Str("kind"), created.Str("apiVersion")));

        // kube-openapi walks properties in Go map order, so upstream's order of several errors varies; this server's follows the schema.
        var invalid = await Server.Http.InvalidMessageAsync(HttpMethod.Post, CronTabs, CronTab("b",
            """{"cronSpec":"often","image":"a-very-long-image-name-that-goes-on-and-on-and-on","replicas":20,"mode":"Medium","ports":[{},{},{}],"labels":{"x":1}}"""));
        Assert.Equal("CronTab.stable.example.com \"b\" is invalid: ["
            + "spec.cronSpec: Invalid value: \"often\": spec.cronSpec in body should match '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$', "
            + "spec.image: Too long: may not be more than 40 bytes, "
            + "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10, "
            + "spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\", "
            + "spec.ports: Too many: 3: must have at most 2 items, "
            + "spec.labels.x: Invalid value: \"integer\": spec.labels.x in body must be of type string: \"integer\"]", invalid);

        var missing = await Server.Http.InvalidMessageAsync(HttpMethod.Post, CronTabs, CronTab("c", """{"replicas":"two"}"""));
        Assert.Equal("CronTab.stable.example.com \"c\" is invalid: [spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type integer: \"string\", "
            + "spec.image: Required value]", missing);
    }

    [Fact]
    public async Task FieldValidation_StrictRefusesAndWarnWarns_OfPrunedFields()
    {
        await InstallAsync(Server.Http, CronTabCrd());

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs + "?fieldValidation=Strict",
            CronTab("s", """{"image":"x","extra":1,"ports":[{"bogus":2}]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"spec.extra\", unknown field \"spec.ports[0].bogus\"",
            status.Str("message"));

        using var request = new HttpRequestMessage(HttpMethod.Post, CronTabs + "?fieldValidation=Warn")
        {
            Content = new StringContent(CronTab("w", """{"image":"x","extra":1}"""), System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await Server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.extra\\\"\""], response.Headers.GetValues("Warning"));
    }

    [Fact]
    public async Task StatusSubresource_SplitsTheWrites_AndGenerationFollowsTheSpec()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        var created = await Server.Http.CreateAsync(CronTabs, """{"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"t"},"spec":{"image":"x"},"status":{"ready":true}}""");
        Assert.Null(created["status"]);

        var statusWrite = await Server.Http.MergePatchAsync($"{CronTabs}/t/status", """{"metadata":{"labels":{"ignored":"yes"}},"spec":{"image":"ignored"},"status":{"ready":true,"replicas":2}}""");
        Assert.Equal(("x", null, "1"), (statusWrite.Str("spec", "image"), statusWrite.Str("metadata", "labels", "ignored"), statusWrite["metadata"]!["generation"]!.ToJsonString()));
        Assert.Equal("""{"ready":true,"replicas":2}""", statusWrite["status"]!.ToJsonString());

        var mainWrite = await Server.Http.MergePatchAsync($"{CronTabs}/t", """{"spec":{"image":"y"},"status":{"ready":false}}""");
        Assert.Equal(("y", "true", "2"), (mainWrite.Str("spec", "image"), mainWrite["status"]!["ready"]!.ToJsonString(), mainWrite["metadata"]!["generation"]!.ToJsonString()));

        var labelOnly = await Server.Http.MergePatchAsync($"{CronTabs}/t", """{"metadata":{"labels":{"a":"b"}}}""");
        Assert.Equal("2", labelOnly["metadata"]!["generation"]!.ToJsonString());

        var (code, refused) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{CronTabs}/t", """{"spec":{"image":"z"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, code);
        Assert.Equal("the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
            refused.Str("message"));
    }

    [Fact]
    public async Task SecondVersion_IsServedFromTheStorageVersionsStore()
    {
        await InstallAsync(Server.Http, CronTabCrd(withBeta: true), "stable.example.com/v1beta1");
        const string beta = "/apis/stable.example.com/v1beta1/namespaces/default/crontabs";

        var created = await Server.Http.CreateAsync(beta, CronTab("b", """{"image":"x"}""", "stable.example.com/v1beta1"));
        Assert.Equal("stable.example.com/v1beta1", created.Str("apiVersion"));
        Assert.Equal("stable.example.com/v1", (await Server.Http.GetJsonAsync($"{CronTabs}/b")).Str("apiVersion"));
        var listed = Assert.Single(await Server.Http.ListItemsAsync(beta));
        Assert.Equal(("b", "stable.example.com/v1beta1"), (listed.Str("metadata", "name"), listed.Str("apiVersion")));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, beta, CronTab("c", """{"image":"x"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Equal("the API version in the data (stable.example.com/v1) does not match the expected API version (stable.example.com/v1beta1)", status.Str("message"));

        var group = await Server.Http.GetJsonAsync("/apis/stable.example.com");
        Assert.Equal(["stable.example.com/v1", "stable.example.com/v1beta1"], group!["versions"]!.AsArray().Select(v => v.Str("groupVersion")));
    }

    [Fact]
    public async Task ClusterScopedResource_TakesNoNamespace_AndWatchesSeeItsChanges()
    {
        await InstallAsync(Server.Http, CronTabCrd(scope: "Cluster"));
        const string cluster = "/apis/stable.example.com/v1/crontabs";
        var created = await Server.Http.CreateAsync(cluster, CronTab("global", """{"image":"x"}"""));
        Assert.Null(created.Str("metadata", "namespace"));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{CronTabs}/global")).StatusCode);

        var added = await Server.Http.FirstWatchEventAsync($"{cluster}?watch=true&resourceVersion=0");
        Assert.Equal(("ADDED", "global"), (added.Str("type"), added.Str("object", "metadata", "name")));
    }

    [Fact]
    public async Task ObjectCountQuota_CountsCustomResources()
    {
        await InstallAsync(Server.Http, CronTabCrd());
        await Server.Http.CreateAsync("/api/v1/namespaces/default/resourcequotas",
            """{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"q"},"spec":{"hard":{"count/crontabs.stable.example.com":"1"}}}""");
        await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/resourcequotas/q"), q => q.Str("status", "used", "count/crontabs.stable.example.com") == "0",
            Deadline, "quota counted");
        await Server.Http.CreateAsync(CronTabs, CronTab("first", """{"image":"x"}"""));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, CronTabs, CronTab("second", """{"image":"x"}"""));

        Assert.Equal((HttpStatusCode.Forbidden, "crontabs.stable.example.com \"second\" is forbidden: exceeded quota: q, requested: count/crontabs.stable.example.com=1, "
            + "used: count/crontabs.stable.example.com=1, limited: count/crontabs.stable.example.com=1"), (code, status.Str("message")));
    }
}
