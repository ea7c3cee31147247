using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Every HTTP write records its manager in managedFields, as kube-apiserver does: the fieldManager parameter, or else
/// the User-Agent up to its first "/" (apiserver endpoints/handlers/create.go, managerOrUserAgent), so that a later
/// server-side apply names that writer in a conflict.
/// </summary>
public sealed class ManagedFieldsTests : ServerTest
{
    private const string Python = "/usr/bin/python3";
    private const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private async Task<(HttpStatusCode Status, JsonObject Body)> SendAsync(HttpMethod method, string path, string body, string? userAgent)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (userAgent is not null)
        {
            request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        }
        using var response = await Server.Http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }

    private static JsonArray Managed(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    /// <summary>An entry without its time, which the test cannot know.</summary>
    private static JsonObject Timeless(JsonNode? entry)
    {
        var copy = entry!.DeepClone().AsObject();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", copy["time"]!.GetValue<string>());
        copy.Remove("time");
        return copy;
    }

    [Fact]
    public async Task CreateWithoutFieldManager_IsRecordedUnderTheUserAgentsPrefix()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, ConfigMaps,
            """{"metadata":{"name":"inventory","labels":{"app":"shop"}},"data":{"x":"1"}}""", "inventory-sync/2.1 (linux/amd64) kubernetes/abc");

        Assert.Equal(HttpStatusCode.Created, status);
        var expected = JsonNode.Parse("""
            [{"manager":"inventory-sync","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1",
              "fieldsV1":{"f:data":{"f:x":{}},"f:metadata":{"f:labels":{"f:app":{}}}}}]
            """)!.AsArray();
        Assert.True(JsonNode.DeepEquals(expected, new JsonArray(Timeless(Managed(created).Single()))), Managed(created).ToJsonString());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/inventory"))!.AsObject();
        Assert.True(JsonNode.DeepEquals(Managed(created), Managed(stored)), Managed(stored).ToJsonString());
    }

    [Fact]
    public async Task PodCreate_OwnsItsSpecByKey_NotItsStatus()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods?fieldManager=deployer",
            """{"metadata":{"name":"web"},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}]}]}}""", null);

        Assert.Equal(HttpStatusCode.Created, status);
        var entry = Timeless(Managed(created).Single());
        Assert.Equal("deployer", entry["manager"]!.GetValue<string>());
        var fields = entry["fieldsV1"]!.AsObject();
        Assert.False(fields.ContainsKey("f:status"), fields.ToJsonString());
        var container = fields["f:spec"]!["f:containers"]!["k:{\"name\":\"c\"}"]!.AsObject();
        Assert.True(container.ContainsKey("."));
        Assert.True(container["f:image"] is JsonObject { Count: 0 });
        Assert.True(container["f:ports"]!["k:{\"containerPort\":80}"]!["f:containerPort"] is JsonObject { Count: 0 }, container.ToJsonString());
    }

    [Fact]
    public async Task NoUserAgent_RecordsAnEntryWithoutAManager()
    {
        var (_, created) = await SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"anon"},"data":{"k":"v"}}""", null);

        var entry = Managed(created).Single()!.AsObject();
        Assert.False(entry.ContainsKey("manager"), entry.ToJsonString());
        Assert.Equal("Update", entry["operation"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_TakesTheChangedFieldFromTheCreator()
    {
        await SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"shared"},"data":{"a":"1","b":"1"}}""", "creator/1.0");
        var (status, updated) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/shared",
            """{"metadata":{"name":"shared"},"data":{"a":"1","b":"2"}}""", "editor/1.0");

        Assert.Equal(HttpStatusCode.OK, status);
        var byManager = Managed(updated).ToDictionary(e => e!["manager"]!.GetValue<string>(), e => e!["fieldsV1"]!.ToJsonString());
        Assert.Equal("""{"f:data":{"f:a":{}}}""", byManager["creator"]);
        Assert.Equal("""{"f:data":{"f:b":{}}}""", byManager["editor"]);
    }

    [Fact]
    public async Task StatusWrite_IsRecordedApart_UnderItsSubresource()
    {
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods?fieldManager=deployer",
            """{"metadata":{"name":"agent"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""", null);
        var current = JsonNode.Parse(await Server.Http.GetStringAsync("/api/v1/namespaces/default/pods/agent"))!.AsObject();
        current["metadata"]!.AsObject().Remove("resourceVersion");
        current["status"]!["message"] = "warming up";

        var (status, updated) = await SendAsync(HttpMethod.Put, "/api/v1/namespaces/default/pods/agent/status", current.ToJsonString(), "node-agent/1.0");

        Assert.Equal(HttpStatusCode.OK, status);
        var agent = Managed(updated).Single(e => e!["manager"]?.GetValue<string>() == "node-agent")!.AsObject();
        Assert.Equal("status", agent["subresource"]?.GetValue<string>());
        Assert.NotNull(agent["fieldsV1"]!["f:status"]!["f:message"]);
        var deployer = Managed(updated).Single(e => e!["manager"]?.GetValue<string>() == "deployer")!.AsObject();
        Assert.False(deployer.ContainsKey("subresource"));
    }

    /// <summary>Upstream's ScaleHandler (fieldmanager/scalehandler.go, ToParent): the parent's replicas path, apart.</summary>
    [Fact]
    public async Task ScaleWrite_IsRecordedApart_OwningTheParentsReplicas()
    {
        await SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments?fieldManager=deployer",
            """{"metadata":{"name":"web"},"spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}""", null);
        using (var patch = new HttpRequestMessage(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/web/scale")
        {
            Content = new StringContent("""{"spec":{"replicas":3}}""", Encoding.UTF8, "application/merge-patch+json"),
        })
        {
            patch.Headers.TryAddWithoutValidation("User-Agent", "scaler/2.0");
            using var response = await Server.Http.SendAsync(patch);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var deployment = JsonNode.Parse(await Server.Http.GetStringAsync("/apis/apps/v1/namespaces/default/deployments/web"))!.AsObject();
        var scaler = Managed(deployment).Single(e => e!["manager"]?.GetValue<string>() == "scaler");
        Assert.Equal(
            """{"apiVersion":"apps/v1","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:replicas":{}}},"manager":"scaler","operation":"Update","subresource":"scale"}""",
            Sorted(Timeless(scaler)).ToJsonString());
        var deployer = Managed(deployment).Single(e => e!["manager"]?.GetValue<string>() == "deployer")!;
        Assert.Null(deployer["fieldsV1"]!["f:spec"]!["f:replicas"]);
        Assert.NotNull(deployer["fieldsV1"]!["f:spec"]!["f:selector"]);
    }

    private static JsonObject Sorted(JsonObject entry) => new(entry.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

    [Fact]
    public async Task Binding_RecordsNoEntry_AsUpstreamsBindingWritesBeneathTheFieldManager()
    {
        await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods?fieldManager=deployer",
            """{"metadata":{"name":"bound"},"spec":{"schedulerName":"custom","containers":[{"name":"c","image":"nginx"}]}}""", null);

        var (status, _) = await SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"bound"},"target":{"kind":"Node","name":"node-x"}}""", "custom-scheduler/1.0");

        Assert.Equal(HttpStatusCode.Created, status);
        var pod = JsonNode.Parse(await Server.Http.GetStringAsync("/api/v1/namespaces/default/pods/bound"))!.AsObject();
        Assert.Equal("node-x", pod["spec"]!["nodeName"]!.GetValue<string>());
        Assert.Equal(["deployer"], Managed(pod).Select(e => e!["manager"]!.GetValue<string>()).ToArray());
    }

    /// <summary>
    /// Nothing to own leaves managedFields out, not empty: upstream's encodeManagedFields returns nil for an empty set
    /// and omitempty drops it (k8s.io/apimachinery/pkg/util/managedfields/internal/managedfields.go).
    /// </summary>
    [Fact]
    public async Task NothingOwned_LeavesManagedFieldsOut_OnCreateUpdateAndApply()
    {
        var (status, created) = await SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"bare"}}""", "maker/1.0");
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.False(created["metadata"]!.AsObject().ContainsKey("managedFields"), created.ToJsonString());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/bare"))!.AsObject();
        Assert.False(stored["metadata"]!.AsObject().ContainsKey("managedFields"), stored.ToJsonString());

        var (_, filled) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/bare", """{"metadata":{"name":"bare"},"data":{"k":"v"}}""", "maker/1.0");
        Assert.Equal(["maker"], Managed(filled).Select(e => e!["manager"]!.GetValue<string>()).ToArray());

        // The one field the only manager owned is removed: its entry goes, and with it the list.
        var (emptiedStatus, emptied) = await SendAsync(HttpMethod.Put, $"{ConfigMaps}/bare", """{"metadata":{"name":"bare"}}""", "maker/1.0");
        Assert.Equal(HttpStatusCode.OK, emptiedStatus);
        Assert.False(emptied["metadata"]!.AsObject().ContainsKey("managedFields"), emptied.ToJsonString());

        var (listStatus, list) = await SendAsync(HttpMethod.Get, ConfigMaps, "", null);
        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.DoesNotContain(list["items"]!.AsArray(), i => i!["metadata"]!.AsObject().ContainsKey("managedFields"));
    }

    [Theory]
    [InlineData("POST", ConfigMaps, "CreateOptions")]
    [InlineData("PUT", ConfigMaps + "/kept", "UpdateOptions")]
    public async Task InvalidFieldManager_Is422ForTheRequestsOptions_AndNothingIsWritten(string method, string path, string kind)
    {
        await SendAsync(HttpMethod.Post, ConfigMaps, """{"metadata":{"name":"kept"},"data":{"v":"1"}}""", null);
        var body = """{"metadata":{"name":"kept"},"data":{"v":"2"}}""";

        var (tooLong, longStatus) = await SendAsync(new HttpMethod(method), $"{path}?fieldManager={new string('m', 129)}", body, null);
        var (unprintable, badStatus) = await SendAsync(new HttpMethod(method), $"{path}?fieldManager=ab%07c", body, null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong);
        Assert.Equal($"{kind}.meta.k8s.io \"\" is invalid: fieldManager: Too long: may not be more than 128 bytes", longStatus["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unprintable);
        Assert.Equal($"{kind}.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: \"ab\\ac\": invalid character U+0007 (at position 2)", badStatus["message"]!.GetValue<string>());
        Assert.Equal("fieldManager", badStatus["details"]!["causes"]![0]!["field"]!.GetValue<string>());
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/kept"))!;
        Assert.Equal("1", stored["data"]!["v"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task PythonClientsField_ConflictsWithKubectlServerSideApply()
    {
        const string create = """
            import sys
            from kubernetes import client
            cfg = client.Configuration()
            cfg.host = sys.argv[1]
            body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="settings"), data={"mode": "fast"})
            client.CoreV1Api(client.ApiClient(cfg)).create_namespaced_config_map("default", body)
            """;
        var probe = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null, "-c", "import kubernetes");
        Assert.True(probe.ExitCode == 0, $"Debian's python3-kubernetes is missing (apt-get install python3-kubernetes; .ci/run does): {probe.Stderr}");
        var (exit, _, stderr) = await ServerCli.RunAsync(Python, ServerCli.NewDirectory(), null, "-c", create, Server.BaseAddress.ToString().TrimEnd('/'));
        Assert.True(exit == 0, stderr);
        var manifest = Kubectl.WriteFile("settings.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: safe\n");

        var refused = await Kubectl.RunAsync("apply", "--server-side", "-f", manifest);
        var forced = await Kubectl.RunAsync("apply", "--server-side", "--force-conflicts", "-f", manifest);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"OpenAPI-Generator\" using v1: .data.mode", refused.Stderr, StringComparison.Ordinal);
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        var stored = JsonNode.Parse(await Server.Http.GetStringAsync($"{ConfigMaps}/settings"))!;
        Assert.Equal("safe", stored["data"]!["mode"]!.GetValue<string>());
    }
}
