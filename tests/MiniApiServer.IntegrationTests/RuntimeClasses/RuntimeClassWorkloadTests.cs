using System.Net;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.RuntimeClasses;

/// <summary>
/// RuntimeClasses as a user meets them with kubectl, and the pods controllers create through the RuntimeClass
/// admission plugin, on simulated nodes.
/// </summary>
public sealed class RuntimeClassWorkloadTests : ServerTest
{
    private const string Gvisor = """
        apiVersion: node.k8s.io/v1
        kind: RuntimeClass
        metadata:
          name: gvisor
        handler: runsc
        overhead:
          podFixed:
            cpu: 250m
            memory: 120Mi
        scheduling:
          nodeSelector:
            sandbox: gvisor
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 3);

    /// <summary>
    /// The DaemonSet controller picks nodes from the template, which names the class but not its nodeSelector, so it
    /// makes a pod for every node; admission then gives each the class's nodeSelector and only the labelled node's
    /// pod can run. Upstream does the same (kubernetes/kubernetes#111590): the others stay Pending.
    /// </summary>
    [Fact]
    public async Task DaemonSetPods_RunOnlyOnNodesTheClassSelects()
    {
        await Server.Http.CreateAsync("/apis/node.k8s.io/v1/runtimeclasses",
            """{"metadata":{"name":"gvisor"},"handler":"runsc","scheduling":{"nodeSelector":{"sandbox":"gvisor"}}}""");
        await Server.Http.MergePatchAsync("/api/v1/nodes/node-2", """{"metadata":{"labels":{"sandbox":"gvisor"}}}""");

        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/daemonsets", """
            {"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},
             "template":{"metadata":{"labels":{"app":"agent"}},"spec":{"runtimeClassName":"gvisor","containers":[{"name":"c","image":"busybox"}]}}}}
            """);

        var pods = await Eventually.Get(() => Server.Http.ListItemsAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dagent"),
            p => p.Count == 3 && p.Count(x => x.Str("status", "phase") == "Running") == 1
                && p.Count(x => x["status"]?["conditions"]?.AsArray().Any(c => c.Str("type") == "PodScheduled" && c.Str("status") == "False") == true) == 2,
            what: "one running daemon pod and two unschedulable ones");
        Assert.All(pods, p => Assert.Equal("gvisor", p.Str("spec", "nodeSelector", "sandbox")));
        Assert.Equal("node-2", pods.Single(p => p.Str("status", "phase") == "Running").Str("spec", "nodeName"));
    }

    /// <summary>
    /// A class deleted after a pod was admitted: the kubelet cannot look its handler up, so the pod is not started,
    /// and it is once the class is back (the pod worker retries every 10 s).
    /// </summary>
    [Fact]
    public async Task PodWhoseClassIsGone_WaitsOnTheKubelet_UntilTheClassReturns()
    {
        const string runc = """{"metadata":{"name":"runc"},"handler":"runc"}""";
        await Server.Http.CreateAsync("/apis/node.k8s.io/v1/runtimeclasses", runc);
        foreach (var (name, extra) in new[] { ("classed", "\"runtimeClassName\":\"runc\","), ("plain", "") })
        {
            await Server.Http.CreateAsync("/api/v1/namespaces/default/pods",
                $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{{extra}}}"schedulingGates":[{"name":"example.com/hold"}],"containers":[{"name":"c","image":"busybox"}]}}""");
        }
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync("/apis/node.k8s.io/v1/runtimeclasses/runc"));

        foreach (var name in new[] { "classed", "plain" })
        {
            await Server.Http.SendJsonAsync(HttpMethod.Patch, $"/api/v1/namespaces/default/pods/{name}", """[{"op":"remove","path":"/spec/schedulingGates"}]""", "application/json-patch+json");
        }
        await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/plain"), p => p.Str("status", "phase") == "Running", what: "plain pod running");
        var classed = await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/classed"), p => p.Str("spec", "nodeName") is { Length: > 0 }, what: "classed pod bound");
        Assert.Equal("Pending", classed.Str("status", "phase"));
        Assert.Null(classed.Str("status", "startTime"));

        await Server.Http.CreateAsync("/apis/node.k8s.io/v1/runtimeclasses", runc);
        await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/classed"), p => p.Str("status", "phase") == "Running",
            TimeSpan.FromSeconds(30), "classed pod running once its class is back");
    }

    [KubectlFact]
    public async Task Kubectl_CreatesListsAndExplainsRuntimeClasses()
    {
        Assert.Equal("runtimeclass.node.k8s.io/gvisor created\n", await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("gvisor.yaml", Gvisor)));

        var table = await Kubectl.OkAsync("get", "runtimeclass");
        Assert.Matches(@"^NAME\s+HANDLER\s+AGE\n", table);
        Assert.Matches(@"(?m)^gvisor\s+runsc\s+\d+s$", table);
        var explained = await Kubectl.OkAsync("explain", "runtimeclass.overhead");
        Assert.Contains("KIND:       RuntimeClass", explained, StringComparison.Ordinal);
        Assert.Contains("podFixed\t<map[string]", explained, StringComparison.Ordinal);

        var (code, _, stderr) = await Kubectl.RunAsync("run", "nope", "--image=nginx", "--overrides={\"spec\":{\"runtimeClassName\":\"missing\"}}");
        Assert.NotEqual(0, code);
        Assert.Equal("Error from server (Forbidden): pods \"nope\" is forbidden: pod rejected: RuntimeClass \"missing\" not found\n", stderr);
        await Kubectl.OkAsync("run", "sandboxed", "--image=nginx", "--overrides={\"spec\":{\"runtimeClassName\":\"gvisor\"}}");
        Assert.Equal("250m 120Mi gvisor",
            await Kubectl.OkAsync("get", "pod", "sandboxed", "-o", "jsonpath={.spec.overhead.cpu} {.spec.overhead.memory} {.spec.nodeSelector.sandbox}"));
    }
}
