using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>The Priority and ServiceAccount admission plugins and the ServiceAccounts controller of a default cluster.</summary>
public sealed class PodAdmissionTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Pod(string name, string extraSpec = "") =>
        $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{{extraSpec}}}"containers":[{"name":"c","image":"busybox"}]}}""";

    private async Task<(HttpStatusCode Code, JsonNode Body)> PostAsync(string path, string json)
    {
        using var resp = await Server.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        return (resp.StatusCode, JsonNode.Parse(await resp.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task PriorityClassName_ResolvesBuiltinsAndServedClasses_ToPriority()
    {
        var node = await Server.Http.CreateAsync(Pods, Pod("node-critical", "\"priorityClassName\":\"system-node-critical\","));
        Assert.Equal(2000001000, node["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal("PreemptLowerPriority", node.Str("spec", "preemptionPolicy"));
        var cluster = await Server.Http.CreateAsync(Pods, Pod("cluster-critical", "\"priorityClassName\":\"system-cluster-critical\","));
        Assert.Equal(2000000000, cluster["spec"]!["priority"]!.GetValue<int>());

        await Server.Http.CreateAsync("/apis/scheduling.k8s.io/v1/priorityclasses", """{"metadata":{"name":"batch"},"value":1000,"preemptionPolicy":"Never"}""");
        var batch = await Server.Http.CreateAsync(Pods, Pod("batch", "\"priorityClassName\":\"batch\","));
        Assert.Equal(1000, batch["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal("Never", batch.Str("spec", "preemptionPolicy"));

        var plain = await Server.Http.CreateAsync(Pods, Pod("plain"));
        Assert.Equal(0, plain["spec"]!["priority"]!.GetValue<int>());
        await Server.Http.CreateAsync("/apis/scheduling.k8s.io/v1/priorityclasses", """{"metadata":{"name":"everyone"},"value":7,"globalDefault":true}""");
        var defaulted = await Server.Http.CreateAsync(Pods, Pod("defaulted"));
        Assert.Equal(7, defaulted["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal("everyone", defaulted.Str("spec", "priorityClassName"));

        // Another class, then the default deleted and the other made the default (one default at a time, as the
        // Priority admission plugin allows): each change of the classes is seen by the next pod.
        await Server.Http.CreateAsync("/apis/scheduling.k8s.io/v1/priorityclasses", """{"metadata":{"name":"everyone-else"},"value":9}""");
        Assert.Equal(7, (await Server.Http.CreateAsync(Pods, Pod("still-the-default")))["spec"]!["priority"]!.GetValue<int>());
        using (var deleted = await Server.Http.DeleteAsync("/apis/scheduling.k8s.io/v1/priorityclasses/everyone"))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);
        }
        Assert.Equal(0, (await Server.Http.CreateAsync(Pods, Pod("no-default")))["spec"]!["priority"]!.GetValue<int>());
        await Server.Http.MergePatchAsync("/apis/scheduling.k8s.io/v1/priorityclasses/everyone-else", """{"globalDefault":true}""");
        var after = await Server.Http.CreateAsync(Pods, Pod("after-delete"));
        Assert.Equal(9, after["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal("everyone-else", after.Str("spec", "priorityClassName"));
    }

    [Fact]
    public async Task PodWithOnlyAGenerateName_IsNamedByIt_WhenPriorityRefusesIt()
    {
        var (code, body) = await PostAsync(Pods,
            """{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"web-"},"spec":{"priorityClassName":"nope","containers":[{"name":"c","image":"nginx"}]}}""");

        Assert.Equal(HttpStatusCode.Forbidden, code);
        // admission.NewForbidden's extractResourceName: mutating admission runs before a name is generated.
        Assert.Equal("pods \"web-\" is forbidden: no PriorityClass with name nope was found", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownPriorityClass_OrExplicitPriority_IsForbiddenWithUpstreamMessage()
    {
        var (code, body) = await PostAsync(Pods, Pod("p", "\"priorityClassName\":\"nope\","));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"p\" is forbidden: no PriorityClass with name nope was found", body["message"]!.GetValue<string>());
        (code, body) = await PostAsync(Pods, Pod("q", "\"priority\":5,"));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal("pods \"q\" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name",
            body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task UserPriorityClass_AboveOneBillion_IsInvalid()
    {
        var (code, body) = await PostAsync("/apis/scheduling.k8s.io/v1/priorityclasses", """{"metadata":{"name":"huge"},"value":1000000001}""");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.Contains("value: Forbidden: maximum allowed value of a user defined priority is 1000000000", body["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingServiceAccount_IsForbiddenWithUpstreamMessage()
    {
        var (code, body) = await PostAsync(Pods, Pod("p", "\"serviceAccountName\":\"missing\","));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        // Since 1.19 getServiceAccount wraps a NotFound (the "retry after the service account is created" text is gone).
        Assert.Equal("pods \"p\" is forbidden: error looking up service account default/missing: serviceaccount \"missing\" not found", body["message"]!.GetValue<string>());
        await Server.Http.CreateAsync("/api/v1/namespaces/default/serviceaccounts", """{"metadata":{"name":"missing"}}""");
        await Server.Http.CreateAsync(Pods, Pod("p", "\"serviceAccountName\":\"missing\","));
    }

    [Fact]
    public async Task EveryNamespace_GetsItsDefaultServiceAccount_AgainAfterDeletion()
    {
        Assert.NotNull(await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/serviceaccounts/default"), sa => sa is not null, what: "default/default"));
        await Server.Http.CreateAsync("/api/v1/namespaces", """{"metadata":{"name":"team"}}""");
        const string Sa = "/api/v1/namespaces/team/serviceaccounts/default";
        var first = await Eventually.Get(() => Server.Http.GetJsonAsync(Sa), sa => sa is not null, what: "team/default");
        // A pod right after its namespace waits briefly for the account, as upstream's admission does.
        await Server.Http.CreateAsync("/api/v1/namespaces/team/pods", Pod("early"));
        await Server.Http.DeleteJsonAsync(Sa);
        var second = await Eventually.Get(() => Server.Http.GetJsonAsync(Sa), sa => sa is not null && sa.Str("metadata", "uid") != first!.Str("metadata", "uid"), what: "team/default recreated");
        Assert.NotNull(second);
    }

    [KubectlFact]
    public async Task KubectlGetPriorityClasses_ShowsTheSystemClasses()
    {
        var output = await Kubectl.OkAsync("get", "priorityclasses");
        Assert.Matches(@"^NAME\s+VALUE\s+GLOBAL-DEFAULT\s+AGE\s+PREEMPTIONPOLICY\n", output);
        Assert.Matches(@"(?m)^system-node-critical\s+2000001000\s+false\s+\S+\s+PreemptLowerPriority$", output);
        Assert.Matches(@"(?m)^system-cluster-critical\s+2000000000\s+false\s+\S+\s+PreemptLowerPriority$", output);
    }
}
