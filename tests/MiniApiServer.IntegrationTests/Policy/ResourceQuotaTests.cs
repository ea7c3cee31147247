using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Policy;

/// <summary>
/// ResourceQuotas over HTTP: ValidateResourceQuota, the quota controller's status (resource_quota_controller.go) and
/// the ResourceQuota admission plugin (apiserver/pkg/admission/plugin/resourcequota). Expected texts are upstream's.
/// </summary>
public sealed class ResourceQuotaTests : ServerTest
{
    private const string Quotas = "/api/v1/namespaces/default/resourcequotas";
    private const string Pods = "/api/v1/namespaces/default/pods";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Quota(string name, string spec) =>
        $$"""{"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"{{name}}"},"spec":{{spec}}}""";

    private static string Pod(string name, string resources = "{}") =>
        $$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"{{{name}}}"},"spec":{"containers":[{"name":"app","image":"nginx","resources":{{{resources}}}}]}}""";

    /// <summary>The quota once the controller has written status.hard (until then it limits nothing).</summary>
    private async Task<JsonObject> CountedAsync(string name, Func<JsonObject, bool>? done = null) =>
        (await Eventually.Get(() => Server.Http.GetJsonAsync($"{Quotas}/{name}"),
            q => q?["status"]?["hard"] is JsonObject && (done is null || done(q!)), what: $"quota {name} counted"))!;

    [Fact]
    public async Task Controller_FillsTheStatus_AndAdmissionChargesAndRefuses()
    {
        var created = await Server.Http.CreateAsync(Quotas, Quota("compute", """{"hard":{"pods":"2","requests.cpu":"1","limits.memory":"1Gi"}}"""));
        Assert.Null(created["status"]!["hard"]);

        var counted = await CountedAsync("compute");
        Assert.Equal("0", counted.Str("status", "used", "pods"));
        Assert.Equal("0", counted.Str("status", "used", "requests.cpu"));
        Assert.Equal("1Gi", counted.Str("status", "hard", "limits.memory"));

        await Server.Http.CreateAsync(Pods, Pod("a", """{"requests":{"cpu":"600m"},"limits":{"memory":"512Mi"}}"""));
        var charged = (await Server.Http.GetJsonAsync($"{Quotas}/compute"))!;
        Assert.Equal("1", charged.Str("status", "used", "pods"));
        Assert.Equal("600m", charged.Str("status", "used", "requests.cpu"));
        Assert.Equal("512Mi", charged.Str("status", "used", "limits.memory"));

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("b", """{"requests":{"cpu":"500m"},"limits":{"memory":"768Mi"}}"""));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"b\" is forbidden: exceeded quota: compute, requested: limits.memory=768Mi,requests.cpu=500m, used: limits.memory=512Mi,requests.cpu=600m, limited: limits.memory=1Gi,requests.cpu=1", status.Str("message"));

        var (missingCode, missing) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("c"));
        Assert.Equal(HttpStatusCode.Forbidden, missingCode);
        Assert.Equal("pods \"c\" is forbidden: failed quota: compute: must specify limits.memory for: app; requests.cpu for: app", missing.Str("message"));
        Assert.Single(await Server.Http.ListItemsAsync(Pods));

        // A deleted pod is given back by the controller's recount.
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Pods}/a?gracePeriodSeconds=0"));
        await CountedAsync("compute", q => q.Str("status", "used", "pods") == "0" && q.Str("status", "used", "requests.cpu") == "0");
    }

    [Fact]
    public async Task RacingCreates_NeverExceedTheQuota()
    {
        // kube-root-ca.crt takes one of the four, as in every namespace of a real cluster.
        await Server.Http.CreateAsync(Quotas, Quota("three", """{"hard":{"count/configmaps":"4"}}"""));
        await CountedAsync("three", q => q.Str("status", "used", "count/configmaps") == "1");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps",
            $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm-{{{i}}}"}}""")));

        Assert.Equal(3, attempts.Count(a => a.Code == HttpStatusCode.Created));
        Assert.All(attempts.Where(a => a.Code != HttpStatusCode.Created), a =>
        {
            Assert.Equal(HttpStatusCode.Forbidden, a.Code);
            Assert.EndsWith("is forbidden: exceeded quota: three, requested: count/configmaps=1, used: count/configmaps=4, limited: count/configmaps=4", a.Body.Str("message"));
        });
        Assert.Equal(4, (await Server.Http.ListItemsAsync("/api/v1/namespaces/default/configmaps")).Count);
        Assert.Equal("4", (await Server.Http.GetJsonAsync($"{Quotas}/three")).Str("status", "used", "count/configmaps"));
    }

    [Fact]
    public async Task ServiceUpdate_IsChargedWhatItAdds()
    {
        await Server.Http.CreateAsync(Quotas, Quota("lb", """{"hard":{"services":"5","services.loadbalancers":"0"}}"""));
        await CountedAsync("lb");
        await Server.Http.CreateAsync("/api/v1/namespaces/default/services",
            """{"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}""");

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/services/web",
            """{"spec":{"type":"LoadBalancer"}}""", "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("services \"web\" is forbidden: exceeded quota: lb, requested: services.loadbalancers=1, used: services.loadbalancers=0, limited: services.loadbalancers=0", status.Str("message"));
        Assert.Equal("ClusterIP", (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/services/web")).Str("spec", "type"));
        // The namespace's services, the built-in "kubernetes" one among them, each charged once.
        var services = (await Server.Http.ListItemsAsync("/api/v1/namespaces/default/services")).Count;
        Assert.Equal(services.ToString(System.Globalization.CultureInfo.InvariantCulture), (await Server.Http.GetJsonAsync($"{Quotas}/lb")).Str("status", "used", "services"));
    }

    [Fact]
    public async Task ChargeOfAFailedCreate_IsGivenBack()
    {
        // Room for two besides kube-root-ca.crt.
        await Server.Http.CreateAsync(Quotas, Quota("two", """{"hard":{"configmaps":"3"}}"""));
        await CountedAsync("two", q => q.Str("status", "used", "configmaps") == "1");
        const string cm = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"same"}}""";
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", cm);

        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", cm);

        Assert.Equal(HttpStatusCode.Conflict, code);
        // Charged by admission before the store refused the name; the controller's recount gives it back.
        await CountedAsync("two", q => q.Str("status", "used", "configmaps") == "2");
        await Server.Http.CreateAsync("/api/v1/namespaces/default/configmaps", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"other"}}""");
    }

    [Fact]
    public async Task CreatesAndDeletesTogether_LeaveUsedEqualToWhatExists()
    {
        await Server.Http.CreateAsync(Quotas, Quota("many", """{"hard":{"count/configmaps":"1000"}}"""));
        await CountedAsync("many");
        const string Maps = "/api/v1/namespaces/default/configmaps";

        // Deletes queue recounts while creates are charged; whatever interleaving, the count converges on what exists.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var i = 0; i < 25; i++)
            {
                var name = $"w{worker}-{i}";
                await Server.Http.CreateAsync(Maps, $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"{{{name}}}"}}""");
                if (i % 3 == 0)
                {
                    Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Maps}/{name}"));
                }
            }
        }));

        var exists = (await Server.Http.ListItemsAsync(Maps)).Count;
        Assert.Equal(8 * 16 + 1, exists); // and kube-root-ca.crt
        await CountedAsync("many", q => q.Str("status", "used", "count/configmaps") == exists.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task FinishedPod_GivesItsPodBack()
    {
        await Server.Http.CreateAsync(Quotas, Quota("one", """{"hard":{"pods":"1"}}"""));
        await CountedAsync("one");
        await Server.Http.CreateAsync(Pods, Pod("batch"));
        var (refused, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("next"));
        Assert.Equal(HttpStatusCode.Forbidden, refused);

        // A Succeeded pod is charged as an object only (QuotaV1Pod): the controller's recount frees its "pods".
        await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/batch/status", """{"status":{"phase":"Succeeded"}}""", "application/merge-patch+json");
        await CountedAsync("one", q => q.Str("status", "used", "pods") == "0");

        await Server.Http.CreateAsync(Pods, Pod("next"));
        Assert.Equal("1", (await Server.Http.GetJsonAsync($"{Quotas}/one")).Str("status", "used", "pods"));
    }

    [Fact]
    public async Task BestEffortScope_CountsOnlyBestEffortPods()
    {
        await Server.Http.CreateAsync(Quotas, Quota("besteffort", """{"hard":{"pods":"1"},"scopes":["BestEffort"]}"""));
        await CountedAsync("besteffort");

        await Server.Http.CreateAsync(Pods, Pod("free"));
        await Server.Http.CreateAsync(Pods, Pod("sized", """{"requests":{"cpu":"100m"}}"""));
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, Pod("free2"));

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"free2\" is forbidden: exceeded quota: besteffort, requested: pods=1, used: pods=1, limited: pods=1", status.Str("message"));
    }

    [Theory]
    [InlineData("""{"hard":{"pods":"-1"}}""", "spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0")]
    [InlineData("""{"hard":{"pods":"1500m"}}""", "spec.hard[pods]: Invalid value: \"1500m\": must be an integer")]
    [InlineData("""{"hard":{"storage":"1Gi"}}""", "spec.hard[storage]: Invalid value: \"storage\": must be a standard resource for quota")]
    [InlineData("""{"hard":{"foo":"1"}}""", "[spec.hard[foo]: Invalid value: \"foo\": must be a standard resource type or fully qualified, spec.hard[foo]: Invalid value: \"foo\": must be a standard resource for quota]")]
    [InlineData("""{"hard":{"services":"1"},"scopes":["BestEffort"]}""", "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\"}: unsupported scope applied to resource")]
    [InlineData("""{"hard":{"pods":"1"},"scopes":["BestEffort","NotBestEffort"]}""", "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"BestEffort\", \"NotBestEffort\"}: conflicting scopes")]
    public async Task InvalidQuota_Is422(string spec, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Quotas, Quota("bad", spec));

        Assert.Equal($"ResourceQuota \"bad\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task Scopes_AreImmutable_AndStatusIsTheSubresources()
    {
        await Server.Http.CreateAsync(Quotas, Quota("q", """{"hard":{"pods":"5"},"scopes":["NotTerminating"]}"""));
        await CountedAsync("q");

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Quotas}/q", """{"spec":{"scopes":["Terminating"]}}""", "application/merge-patch+json");
        Assert.Equal("ResourceQuota \"q\" is invalid: spec.scopes: Invalid value: []core.ResourceQuotaScope{\"Terminating\"}: field is immutable", message);

        // A spec write keeps the status; a new hard limit reaches status.hard through the controller.
        var patched = await Server.Http.MergePatchAsync($"{Quotas}/q", """{"spec":{"hard":{"pods":"7"}},"status":{"hard":{"pods":"100"}}}""");
        Assert.Equal("5", patched.Str("status", "hard", "pods"));
        await CountedAsync("q", q => q.Str("status", "hard", "pods") == "7");
    }

    [Fact]
    public async Task KubectlGetQuota_ShowsRequestAndLimitColumns()
    {
        await Kubectl.OkAsync("create", "quota", "k", "--hard=pods=4,limits.cpu=2,requests.memory=1Gi");
        await CountedAsync("k");
        await Server.Http.CreateAsync(Pods, Pod("p", """{"limits":{"cpu":"500m","memory":"256Mi"}}"""));

        var table = await Kubectl.OkAsync("get", "quota", "k", "--no-headers");

        Assert.Matches(@"^k\s+\S+\s+pods: 1/4, requests.memory: 256Mi/1Gi\s+limits.cpu: 500m/2\s*$", table.Trim());
    }
}
