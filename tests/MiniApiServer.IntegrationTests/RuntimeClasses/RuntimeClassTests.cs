using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.RuntimeClasses;

/// <summary>
/// node.k8s.io/v1 RuntimeClasses (pkg/apis/node/validation, pkg/registry/node/runtimeclass) and the RuntimeClass
/// admission plugin (plugin/pkg/admission/runtimeclass/admission.go) on pod creates, over HTTP.
/// </summary>
public sealed class RuntimeClassTests : ServerTest
{
    private const string RuntimeClasses = "/apis/node.k8s.io/v1/runtimeclasses";
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Gvisor = """
        {"metadata":{"name":"gvisor"},"handler":"runsc","overhead":{"podFixed":{"cpu":"250m","memory":"120Mi"}},
         "scheduling":{"nodeSelector":{"sandbox":"gvisor"},"tolerations":[{"key":"sandbox","operator":"Equal","value":"gvisor","effect":"NoSchedule"}]}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string RuntimeClass(string name, string body) => $$"""{"metadata":{"name":"{{name}}"},{{body}}}""";

    private static string Pod(string name, string extraSpec = "") =>
        $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{{extraSpec}}}"containers":[{"name":"c","image":"busybox"}]}}""";

    private async Task<string> ForbiddenMessageAsync(string pod)
    {
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, pod);
        Assert.True(code == HttpStatusCode.Forbidden && status.Str("reason") == "Forbidden", $"{(int)code} {status.ToJsonString()}");
        Assert.Equal("pods", status.Str("details", "kind"));
        return status.Str("message")!;
    }

    [Fact]
    public async Task RuntimeClass_IsClusterScoped_AndServedLikeAnyKind()
    {
        var created = await Server.Http.CreateAsync(RuntimeClasses, Gvisor);

        Assert.Equal("RuntimeClass", created.Str("kind"));
        Assert.Equal("node.k8s.io/v1", created.Str("apiVersion"));
        Assert.Null(created["metadata"]!["namespace"]);
        Assert.Equal("runsc", (await Server.Http.GetJsonAsync($"{RuntimeClasses}/gvisor")).Str("handler"));
        Assert.Equal("250m", (await Server.Http.GetJsonAsync($"{RuntimeClasses}/gvisor")).Str("overhead", "podFixed", "cpu"));
        Assert.Equal(["gvisor"], (await Server.Http.ListItemsAsync(RuntimeClasses)).Select(i => i.Str("metadata", "name")));
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{RuntimeClasses}/gvisor"));
        Assert.Empty(await Server.Http.ListItemsAsync(RuntimeClasses));
    }

    [Theory]
    [InlineData("\"handler\":\"\"", "handler: Invalid value: \"\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("\"handler\":\"run.c\"", "handler: Invalid value: \"run.c\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("\"handler\":\"runc\",\"overhead\":{\"podFixed\":{\"cpu\":\"-1\"}}", "overhead.limits[cpu]: Invalid value: \"-1\": must be greater than or equal to 0")]
    [InlineData("\"handler\":\"runc\",\"scheduling\":{\"tolerations\":[{\"key\":\"k\",\"operator\":\"Maybe\"}]}", "scheduling.tolerations[0].operator: Unsupported value: \"Maybe\": supported values: \"Equal\", \"Exists\"")]
    [InlineData("\"handler\":\"runc\",\"scheduling\":{\"tolerations\":[{\"operator\":\"Equal\",\"value\":\"x\"}]}", "scheduling.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when `key` is empty, which means \"match all values and all keys\"")]
    [InlineData("\"handler\":\"runc\",\"scheduling\":{\"tolerations\":[{\"key\":\"k\",\"effect\":\"NoSchedule\",\"tolerationSeconds\":5}]}", "scheduling.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set")]
    [InlineData("\"handler\":\"runc\",\"scheduling\":{\"nodeSelector\":{\"sandbox\":\"-x\"}}", "scheduling.nodeSelector: Invalid value: \"-x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public async Task InvalidRuntimeClass_Is422_WithUpstreamsMessage(string body, string cause)
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, RuntimeClasses, RuntimeClass("bad", body));

        Assert.Equal($"RuntimeClass.node.k8s.io \"bad\" is invalid: {cause}", message);
    }

    [Fact]
    public async Task Handler_IsImmutable_WhileTheRestMayChange()
    {
        await Server.Http.CreateAsync(RuntimeClasses, RuntimeClass("runc", "\"handler\":\"runc\""));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{RuntimeClasses}/runc", """{"handler":"crun"}""", "application/merge-patch+json");

        Assert.Equal("RuntimeClass.node.k8s.io \"runc\" is invalid: handler: Invalid value: \"crun\": field is immutable", message);
        var patched = await Server.Http.MergePatchAsync($"{RuntimeClasses}/runc", """{"overhead":{"podFixed":{"memory":"64Mi"}}}""");
        Assert.Equal("64Mi", patched.Str("overhead", "podFixed", "memory"));
    }

    [Fact]
    public async Task Pod_NamingAMissingClass_IsForbidden()
    {
        var message = await ForbiddenMessageAsync(Pod("p", "\"runtimeClassName\":\"missing\","));

        Assert.Equal("pods \"p\" is forbidden: pod rejected: RuntimeClass \"missing\" not found", message);
    }

    [Fact]
    public async Task Pod_TakesTheClassesOverheadAndScheduling()
    {
        await Server.Http.CreateAsync(RuntimeClasses, Gvisor);

        var pod = await Server.Http.CreateAsync(Pods, Pod("sandboxed", """
            "runtimeClassName":"gvisor","nodeSelector":{"disk":"ssd"},
            "tolerations":[{"key":"sandbox","operator":"Exists","effect":"NoSchedule"},{"key":"gpu","operator":"Exists"}],
            """));

        Assert.Equal("""{"cpu":"250m","memory":"120Mi"}""", pod["spec"]!["overhead"]!.ToJsonString());
        Assert.Equal("""{"disk":"ssd","sandbox":"gvisor"}""", pod["spec"]!["nodeSelector"]!.ToJsonString());
        // The pod's tolerations first; the class's sandbox=gvisor is dropped, since the pod's sandbox Exists covers it
        // (MergeTolerations keeps only the wider); then DefaultTolerationSeconds' two.
        Assert.Equal(
            ["sandbox=:NoSchedule", "gpu=:", "node.kubernetes.io/not-ready=:NoExecute", "node.kubernetes.io/unreachable=:NoExecute"],
            pod["spec"]!["tolerations"]!.AsArray().Select(t => $"{t.Str("key")}={t.Str("value")}:{t.Str("effect")}"));
    }

    [Fact]
    public async Task Pod_WithTheClassesOverhead_IsAdmitted_AndAnyOtherIsForbidden()
    {
        await Server.Http.CreateAsync(RuntimeClasses, Gvisor);

        // Equal by value, as apiequality.Semantic compares quantities: the pod keeps the class's spelling.
        var same = await Server.Http.CreateAsync(Pods, Pod("same", "\"runtimeClassName\":\"gvisor\",\"overhead\":{\"cpu\":\"0.25\",\"memory\":\"120Mi\"},"));
        Assert.Equal("250m", same.Str("spec", "overhead", "cpu"));

        Assert.Equal("pods \"more\" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead",
            await ForbiddenMessageAsync(Pod("more", "\"runtimeClassName\":\"gvisor\",\"overhead\":{\"cpu\":\"1\"},")));
        Assert.Equal("pods \"bare\" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead",
            await ForbiddenMessageAsync(Pod("bare", "\"overhead\":{\"cpu\":\"1\"},")));
        await Server.Http.CreateAsync(RuntimeClasses, RuntimeClass("runc", "\"handler\":\"runc\""));
        Assert.Equal("pods \"plain\" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead",
            await ForbiddenMessageAsync(Pod("plain", "\"runtimeClassName\":\"runc\",\"overhead\":{\"cpu\":\"1\"},")));
    }

    [Fact]
    public async Task Pod_WhoseNodeSelectorDisagreesWithTheClass_IsForbidden()
    {
        await Server.Http.CreateAsync(RuntimeClasses, Gvisor);

        var message = await ForbiddenMessageAsync(Pod("kata", "\"runtimeClassName\":\"gvisor\",\"nodeSelector\":{\"sandbox\":\"kata\"},"));

        Assert.Equal("pods \"kata\" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = gvisor; pod.spec.nodeSelector[sandbox] = kata", message);
    }

    [Fact]
    public async Task PodUpdate_MayNotChangeTheClassOrTheOverhead()
    {
        await Server.Http.CreateAsync(RuntimeClasses, Gvisor);
        await Server.Http.CreateAsync(RuntimeClasses, RuntimeClass("runc", "\"handler\":\"runc\""));
        await Server.Http.CreateAsync(Pods, Pod("p", "\"runtimeClassName\":\"gvisor\","));

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/p", """{"spec":{"runtimeClassName":"runc"}}""", "application/merge-patch+json");

        Assert.StartsWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`", message, StringComparison.Ordinal);
        message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/p", """{"spec":{"overhead":{"cpu":"1"}}}""", "application/merge-patch+json");
        Assert.StartsWith("Pod \"p\" is invalid: spec: Forbidden: pod updates may not change fields other than", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaUsage_CountsThePodsOverhead()
    {
        await Server.Http.CreateAsync(RuntimeClasses, Gvisor);
        await Server.Http.CreateAsync("/api/v1/namespaces/default/resourcequotas", """{"metadata":{"name":"q"},"spec":{"hard":{"requests.cpu":"2","requests.memory":"1Gi"}}}""");
        await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/resourcequotas/q"), q => q?["status"]?["hard"] is not null, what: "quota status");

        await Server.Http.CreateAsync(Pods, """
            {"metadata":{"name":"p"},"spec":{"runtimeClassName":"gvisor",
             "containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"100m","memory":"64Mi"}}}]}}
            """);

        // pkg/quota/v1/evaluator/core/pods.go: requests plus overhead, 100m + 250m and 64Mi + 120Mi.
        var quota = await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/resourcequotas/q"),
            q => q.Str("status", "used", "requests.cpu") is "350m", what: "quota usage with the overhead");
        Assert.Equal("184Mi", quota.Str("status", "used", "requests.memory"));
    }
}
