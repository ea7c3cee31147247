using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.ApiRegistration;

/// <summary>
/// apiregistration.k8s.io/v1 APIServices over HTTP: the local ones kube-apiserver registers for what it serves
/// (cmd/kube-apiserver/app/aggregator.go), the CRDs' (crdregistration_controller.go), kube-aggregator's validation
/// and status strategy, and the availability checks of an APIService behind a Service.
/// </summary>
public sealed class APIServiceTests : ServerTest
{
    private const string APIServices = "/apis/apiregistration.k8s.io/v1/apiservices";
    private const string Managed = "kube-aggregator.kubernetes.io/automanaged";

    // What kube-apiserver 1.32 registers for the groups this server serves, with its priorities.
    private static readonly (string Name, int Group, int Version)[] Local =
    [
        ("v1.", 18000, 1), ("v1.admissionregistration.k8s.io", 16700, 15), ("v1.apiextensions.k8s.io", 16700, 15),
        ("v1.apps", 17800, 15), ("v1.authentication.k8s.io", 17700, 15), ("v1.authorization.k8s.io", 17600, 15),
        ("v1.autoscaling", 17500, 15), ("v1.batch", 17400, 15), ("v1.certificates.k8s.io", 17300, 15),
        ("v1.coordination.k8s.io", 16500, 15),
        ("v1.discovery.k8s.io", 16200, 15), ("v1.events.k8s.io", 17750, 15), ("v1.flowcontrol.apiserver.k8s.io", 16100, 21),
        ("v1.networking.k8s.io", 17200, 15),
        ("v1.node.k8s.io", 16300, 15), ("v1.policy", 17100, 15), ("v1.rbac.authorization.k8s.io", 17000, 15),
        ("v1.scheduling.k8s.io", 16600, 15), ("v1.storage.k8s.io", 16800, 15), ("v1beta1.metrics.k8s.io", 100, 100),
        ("v2.autoscaling", 17500, 30),
    ];

    private const string Crd = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.stable.example.com"},
         "spec":{"group":"stable.example.com","scope":"Namespaced","names":{"plural":"widgets","singular":"widget","kind":"Widget"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}},
                      {"name":"v1beta1","served":false,"storage":false,"schema":{"openAPIV3Schema":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}]}}
        """;

    private const string Remote = """
        {"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService","metadata":{"name":"v1alpha1.wardle.example.com"},"spec":{"group":"wardle.example.com","version":"v1alpha1",
         "groupPriorityMinimum":1000,"versionPriority":15,"insecureSkipTLSVerify":true,"service":{"namespace":"wardle","name":"api"}}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static int? Int(JsonObject? obj, string field) => (int?)obj?["spec"]?[field];

    private Task<JsonObject?> Get(string name) => Server.Http.GetJsonAsync($"{APIServices}/{name}");

    private static string? Available(JsonObject? apiService, string field) =>
        apiService?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c.Str("type") == "Available").Str(field);

    private async Task<List<JsonObject>> LocalListedAsync() =>
        await Eventually.Get(() => Server.Http.ListItemsAsync(APIServices), items => items.Count >= Local.Length, TimeSpan.FromSeconds(30), "local APIServices registered");

    [Fact]
    public async Task EveryServedGroupVersion_IsALocalAPIService_RegisteredOnStart_AndAvailable()
    {
        var items = await LocalListedAsync();

        Assert.Equal(Local.Select(l => l.Name), items.Select(i => i.Str("metadata", "name")));
        foreach (var (item, expected) in items.Zip(Local))
        {
            Assert.Equal((expected.Group, expected.Version), ((int)item["spec"]!["groupPriorityMinimum"]!, (int)item["spec"]!["versionPriority"]!));
            Assert.Null(item["spec"]!["service"]);
            Assert.Equal("onstart", item.Str("metadata", "labels", Managed));
            Assert.Equal(("True", "Local", "Local APIServices are always available"), (Available(item, "status"), Available(item, "reason"), Available(item, "message")));
        }
        Assert.Equal(("", "v1"), (items[0].Str("spec", "group") ?? "", items[0].Str("spec", "version")));
    }

    [Fact]
    public async Task ServedCrdVersions_AreRegisteredContinuously_AndGoWithTheCrd()
    {
        await LocalListedAsync();
        await Server.Http.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd);

        var registered = await Eventually.Get(() => Get("v1.stable.example.com"), a => a is not null, TimeSpan.FromSeconds(30), "the CRD's APIService");
        Assert.Equal(("stable.example.com", "v1", 1000, 100, "true"),
            (registered.Str("spec", "group"), registered.Str("spec", "version"), Int(registered, "groupPriorityMinimum"), Int(registered, "versionPriority"), registered.Str("metadata", "labels", Managed)));
        Assert.Null(await Get("v1beta1.stable.example.com"));

        // Continuously managed: deleted by a user, it comes back (as a new object); changed, it is put back.
        var uid = registered.Str("metadata", "uid");
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{APIServices}/v1.stable.example.com"));
        await Eventually.Get(() => Get("v1.stable.example.com"), a => a is not null && a.Str("metadata", "uid") != uid, TimeSpan.FromSeconds(30), "re-registered");
        await Server.Http.MergePatchAsync($"{APIServices}/v1.stable.example.com", """{"spec":{"versionPriority":7}}""");
        await Eventually.Get(() => Get("v1.stable.example.com"), a => Int(a, "versionPriority") == 100, TimeSpan.FromSeconds(30), "spec restored");

        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.stable.example.com"));
        await Eventually.Get(() => Get("v1.stable.example.com"), a => a is null, TimeSpan.FromSeconds(30), "removed with its CRD");
    }

    [Fact]
    public async Task OnStartAPIServices_AreSyncedOncePerStart()
    {
        await LocalListedAsync();
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{APIServices}/v1.apps"));
        await Server.Http.MergePatchAsync($"{APIServices}/v1.batch", """{"spec":{"versionPriority":3}}""");

        // The CRD's APIService shows the controller has handled what came after the delete and the patch.
        await Server.Http.CreateAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", Crd);
        await Eventually.Get(() => Get("v1.stable.example.com"), a => a is not null, TimeSpan.FromSeconds(30), "the CRD's APIService");

        Assert.Null(await Get("v1.apps"));
        Assert.Equal(3, Int(await Get("v1.batch"), "versionPriority"));
    }

    [Fact]
    public async Task RemoteAPIService_IsUnavailable_UntilItsServiceAndEndpointsExist_ThenFailsDiscovery()
    {
        var created = await Server.Http.CreateAsync(APIServices, Remote);
        Assert.Equal(443, (int?)created["spec"]!["service"]!["port"]);
        Assert.Null(created["status"]?["conditions"]);
        var path = $"{APIServices}/v1alpha1.wardle.example.com";
        var unavailable = await Eventually.Get(() => Get("v1alpha1.wardle.example.com"), a => Available(a, "reason") == "ServiceNotFound", TimeSpan.FromSeconds(30), "ServiceNotFound");
        Assert.Equal(("False", "service/api in \"wardle\" is not present"), (Available(unavailable, "status"), Available(unavailable, "message")));

        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"wardle"}}""");
        await Server.Http.CreateAsync("/api/v1/namespaces/wardle/services", """{"metadata":{"name":"api"},"spec":{"ports":[{"name":"https","port":443,"targetPort":8443}]}}""");
        var missing = await Eventually.Get(() => Get("v1alpha1.wardle.example.com"), a => Available(a, "reason") is "EndpointsNotFound" or "MissingEndpoints", TimeSpan.FromSeconds(30), "no endpoints");
        Assert.False(string.IsNullOrEmpty(Available(missing, "message")));

        await Server.Http.CreateAsync("/api/v1/namespaces/wardle/endpoints",
            """{"metadata":{"name":"api"},"subsets":[{"addresses":[{"ip":"10.244.0.9"}],"ports":[{"name":"https","port":8443}]}]}""");
        var failed = await Eventually.Get(() => Server.Http.GetJsonAsync(path), a => Available(a, "reason") == "FailedDiscoveryCheck", TimeSpan.FromSeconds(30), "discovery check");
        var clusterIp = (await Server.Http.GetJsonAsync("/api/v1/namespaces/wardle/services/api")).Str("spec", "clusterIP");
        Assert.StartsWith($"failing or missing response from https://{clusterIp}:443/apis/wardle.example.com/v1alpha1: ", Available(failed, "message"));

        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync("/api/v1/namespaces/wardle/services/api"));
        await Eventually.Get(() => Server.Http.GetJsonAsync(path), a => Available(a, "reason") == "ServiceNotFound", TimeSpan.FromSeconds(30), "service gone");
    }

    [Fact]
    public async Task MetricsServersManifest_PointsTheAPIServiceAtItsService_WhichStaysLocalHere()
    {
        await LocalListedAsync();
        await Server.Http.MergePatchAsync($"{APIServices}/v1beta1.metrics.k8s.io",
            """{"spec":{"service":{"namespace":"kube-system","name":"metrics-server"},"insecureSkipTLSVerify":true}}""");

        // This process answers metrics.k8s.io whatever the APIService names, so the status says what kubectl top finds.
        var patched = await Get("v1beta1.metrics.k8s.io");
        Assert.Equal("metrics-server", patched.Str("spec", "service", "name"));
        await Server.Http.CreateAsync(APIServices, Remote);
        await Eventually.Get(() => Get("v1alpha1.wardle.example.com"), a => Available(a, "reason") == "ServiceNotFound", TimeSpan.FromSeconds(30), "a later APIService checked");
        Assert.Equal(("True", "Local"), (Available(await Get("v1beta1.metrics.k8s.io"), "status"), Available(await Get("v1beta1.metrics.k8s.io"), "reason")));
        using var top = await Server.Http.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes");
        Assert.Equal(HttpStatusCode.OK, top.StatusCode);
    }

    [Fact]
    public async Task StatusWrites_KeepTheSpecAndLabels_AndMainWritesKeepTheStatus()
    {
        var created = await Server.Http.CreateAsync(APIServices, """
            {"metadata":{"name":"v1.local.example.com","labels":{"team":"a"}},"spec":{"group":"local.example.com","version":"v1","groupPriorityMinimum":10,"versionPriority":10}}
            """);
        Assert.Equal(("True", "Local"), (Available(created, "status"), Available(created, "reason")));

        var status = (JsonObject)created.DeepClone();
        status["spec"]!["versionPriority"] = 99;
        status["metadata"]!["labels"] = new JsonObject { ["team"] = "b" };
        status["status"] = JsonNode.Parse("""{"conditions":[{"type":"Available","status":"False","reason":"Manual","message":"m"}]}""");
        var (code, written) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{APIServices}/v1.local.example.com/status", status.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, code);
        Assert.Equal((10, "a", "Manual"), (Int(written, "versionPriority"), written.Str("metadata", "labels", "team"), Available(written, "reason")));

        var patched = await Server.Http.MergePatchAsync($"{APIServices}/v1.local.example.com", """{"spec":{"versionPriority":20},"status":{"conditions":[]}}""");
        Assert.Equal(20, Int(patched, "versionPriority"));
        Assert.NotNull(patched["status"]?["conditions"]?.AsArray().FirstOrDefault());
    }

    [Theory]
    [InlineData("""{"metadata":{"name":"v1.foo.example.com"},"spec":{"group":"bar.example.com","version":"v1","groupPriorityMinimum":10,"versionPriority":10}}""",
        "APIService.apiregistration.k8s.io \"v1.foo.example.com\" is invalid: metadata.name: Invalid value: \"v1.foo.example.com\": must be `spec.version+\".\"+spec.group`: \"v1.bar.example.com\"")]
    [InlineData("""{"metadata":{"name":"v2."},"spec":{"version":"v2","groupPriorityMinimum":10,"versionPriority":10}}""",
        "APIService.apiregistration.k8s.io \"v2.\" is invalid: spec.group: Required value: only v1 may have an empty group and it better be legacy kube")]
    [InlineData("""{"metadata":{"name":"v1.foo.example.com"},"spec":{"group":"foo.example.com","version":"v1","groupPriorityMinimum":20001,"versionPriority":0}}""",
        "APIService.apiregistration.k8s.io \"v1.foo.example.com\" is invalid: [spec.groupPriorityMinimum: Invalid value: 20001: must be positive and less than 20000, spec.versionPriority: Invalid value: 0: must be positive and less than 1000]")]
    [InlineData("""{"metadata":{"name":"v1.foo.example.com"},"spec":{"group":"foo.example.com","version":"v1","groupPriorityMinimum":10,"versionPriority":10,"caBundle":"AAEC","insecureSkipTLSVerify":true}}""",
        "APIService.apiregistration.k8s.io \"v1.foo.example.com\" is invalid: [spec.caBundle: Invalid value: \"3 bytes\": local APIServices may not have a caBundle, spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify]")]
    [InlineData("""{"metadata":{"name":"v1.foo.example.com"},"spec":{"group":"foo.example.com","version":"v1","groupPriorityMinimum":10,"versionPriority":10,"caBundle":"AAEC","insecureSkipTLSVerify":true,"service":{"port":70000}}}""",
        "APIService.apiregistration.k8s.io \"v1.foo.example.com\" is invalid: [spec.service.namespace: Required value, spec.service.name: Required value, spec.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive, spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present]")]
    [InlineData("""{"metadata":{"name":"V1.foo.example.com"},"spec":{"group":"foo.example.com","version":"V1","groupPriorityMinimum":10,"versionPriority":10}}""",
        "APIService.apiregistration.k8s.io \"V1.foo.example.com\" is invalid: spec.version: Invalid value: \"V1\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    public async Task InvalidAPIService_Is422_WithKubeAggregatorsMessage(string body, string message)
    {
        Assert.Equal(message, await Server.Http.InvalidMessageAsync(HttpMethod.Post, APIServices, body));
    }

    [Fact]
    public async Task StatusCondition_MustBeTrueFalseOrUnknown()
    {
        var created = await Server.Http.CreateAsync(APIServices, Remote);
        // Unconditional: the availability controller may write the status first.
        created["metadata"]!.AsObject().Remove("resourceVersion");
        created["status"] = JsonNode.Parse("""{"conditions":[{"type":"Available","status":"Maybe"}]}""");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Put, $"{APIServices}/v1alpha1.wardle.example.com/status", created.ToJsonString());

        Assert.Equal("APIService.apiregistration.k8s.io \"v1alpha1.wardle.example.com\" is invalid: status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"True\", \"False\", \"Unknown\"", message);
    }

    [Fact]
    public async Task RemoteGroupVersion_Answers503_AndDiscoveryListsItStale()
    {
        await Server.Http.CreateAsync(APIServices, Remote);
        await Server.Http.CreateAsync(APIServices, """
            {"metadata":{"name":"v1.local.example.com"},"spec":{"group":"local.example.com","version":"v1","groupPriorityMinimum":10,"versionPriority":10}}
            """);

        foreach (var path in new[] { "/apis/wardle.example.com/v1alpha1", "/apis/wardle.example.com/v1alpha1/namespaces/default/flunders/f" })
        {
            using var response = await Server.Http.GetAsync(path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("service unavailable\n", await response.Content.ReadAsStringAsync());
        }
        // A local APIService for a group nothing serves proxies nowhere: the path is simply not found.
        using (var local = await Server.Http.GetAsync("/apis/local.example.com/v1"))
        {
            Assert.Equal(HttpStatusCode.NotFound, local.StatusCode);
        }

        using var aggregated = new HttpRequestMessage(HttpMethod.Get, "/apis");
        aggregated.Headers.Accept.ParseAdd("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
        using var discovery = await Server.Http.SendAsync(aggregated);
        var items = JsonNode.Parse(await discovery.Content.ReadAsStringAsync())!["items"]!.AsArray();
        var wardle = items.Single(i => i.Str("metadata", "name") == "wardle.example.com")!;
        Assert.Equal("""[{"version":"v1alpha1","freshness":"Stale"}]""", wardle["versions"]!.ToJsonString());
        Assert.DoesNotContain(items, i => i.Str("metadata", "name") == "local.example.com");

        var legacy = await Server.Http.GetJsonAsync("/apis");
        Assert.Contains(legacy!["groups"]!.AsArray(), g => g.Str("name") == "wardle.example.com" && g.Str("preferredVersion", "version") == "v1alpha1");
        Assert.Equal("APIGroup", (await Server.Http.GetJsonAsync("/apis/wardle.example.com")).Str("kind"));

        // Gone with its APIService: nothing serves the group version any more.
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{APIServices}/v1alpha1.wardle.example.com"));
        using var after = await Server.Http.GetAsync("/apis/wardle.example.com/v1alpha1");
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [KubectlFact]
    public async Task Kubectl_ListsAPIServices_WithServiceAndAvailability()
    {
        await LocalListedAsync();
        await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("wardle.json", Remote));
        await Eventually.Get(() => Get("v1alpha1.wardle.example.com"), a => Available(a, "reason") == "ServiceNotFound", TimeSpan.FromSeconds(30), "ServiceNotFound");

        var table = await Kubectl.OkAsync("get", "apiservices");

        Assert.Matches(@"^NAME\s+SERVICE\s+AVAILABLE\s+AGE\n", table);
        Assert.Matches(@"(?m)^v1\.apps\s+Local\s+True\s+\d+s$", table);
        Assert.Matches(@"(?m)^v1alpha1\.wardle\.example\.com\s+wardle/api\s+False \(ServiceNotFound\)\s+\d+s$", table);
        Assert.Contains("apiservices", await Kubectl.OkAsync("api-resources", "--categories=api-extensions", "-o", "name"), StringComparison.Ordinal);
        Assert.Contains("KIND:       APIService", await Kubectl.OkAsync("explain", "apiservice.spec.service"), StringComparison.Ordinal);
        var (code, _, stderr) = await Kubectl.RunAsync("get", "--raw", "/apis/wardle.example.com/v1alpha1");
        Assert.Equal((1, "Error from server (ServiceUnavailable): the server is currently unable to handle the request\n"), (code, stderr));
    }
}
