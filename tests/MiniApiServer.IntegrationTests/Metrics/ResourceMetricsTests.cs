using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Kubectl;

namespace MiniApiServer.IntegrationTests.Metrics;

/// <summary>metrics.k8s.io/v1beta1 from simulated usage, read by kubectl top as from metrics-server.</summary>
public sealed partial class ResourceMetricsTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2);

    [KubectlFact]
    public async Task TopNodesAndPods_PrintUsage()
    {
        await RunningDaemonPods();
        var nodes = await Kubectl.OkAsync("top", "nodes");
        Assert.Matches(@"^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*\n", nodes);
        foreach (var node in (await Client.CoreV1.ListNodeAsync()).Items)
        {
            Assert.Matches($@"(?m)^{Regex.Escape(node.Name())}\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$", nodes);
        }
        var pods = await Kubectl.OkAsync("top", "pods", "-l", "app=monitoring-agent");
        Assert.Matches(@"^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*\n", pods);
        Assert.Equal(2, Regex.Matches(pods, @"(?m)^monitoring-daemon-\w+\s+\d+m\s+\d+Mi\s*$").Count);
    }

    [Fact]
    public async Task PinnedUsage_AddsUpOnTheNode()
    {
        var node = (await Client.CoreV1.ListNodeAsync()).Items[0].Name();
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "busy",
                Annotations = new Dictionary<string, string> { ["sim.miniapiserver.io/usage-cpu"] = "1500m", ["sim.miniapiserver.io/usage-memory"] = "1Gi" },
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "a", Image = "a" }, new V1Container { Name = "b", Image = "b" }] },
        }, "default");
        var pod = await Eventually.Get(
            async () => await Server.Http.GetAsync("/apis/metrics.k8s.io/v1beta1/namespaces/default/pods/busy"),
            r => r.StatusCode == HttpStatusCode.OK, what: "pod metrics once running");
        var metrics = JsonNode.Parse(await pod.Content.ReadAsStringAsync())!;
        Assert.Equal("PodMetrics", (string?)metrics["kind"]);
        Assert.Equal("metrics.k8s.io/v1beta1", (string?)metrics["apiVersion"]);
        Assert.Equal("default", (string?)metrics["metadata"]!["namespace"]);
        var containers = metrics["containers"]!.AsArray();
        Assert.Equal(["a", "b"], containers.Select(c => (string)c!["name"]!));
        Assert.All(containers, c =>
        {
            Assert.Equal("1500000000n", (string?)c!["usage"]!["cpu"]);
            Assert.Equal("1048576Ki", (string?)c!["usage"]!["memory"]);
        });

        // Oracle: the node's figure is its pods' pinned 2 x 1.5 cores plus anything else running there, so at least 3 cores.
        var nodeMetrics = JsonNode.Parse(await Server.Http.GetStringAsync($"/apis/metrics.k8s.io/v1beta1/nodes/{node}"))!;
        var cpu = long.Parse(((string)nodeMetrics["usage"]!["cpu"]!).TrimEnd('n'), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cpu, 3_000_000_000, 4_000_000_000);
    }

    [Fact]
    public async Task Discovery_ServesTheGroup_AndNothingCanBeWritten()
    {
        var groups = JsonNode.Parse(await Server.Http.GetStringAsync("/apis"))!["groups"]!.AsArray();
        Assert.Contains(groups, g => (string?)g!["name"] == "metrics.k8s.io");
        var resources = JsonNode.Parse(await Server.Http.GetStringAsync("/apis/metrics.k8s.io/v1beta1"))!["resources"]!.AsArray();
        Assert.Equal(["nodes", "pods"], resources.Select(r => (string)r!["name"]!));
        Assert.All(resources, r => Assert.Equal(["get", "list"], r!["verbs"]!.AsArray().Select(v => (string)v!)));

        var post = await Server.Http.PostAsync("/apis/metrics.k8s.io/v1beta1/nodes",
            new StringContent("""{"apiVersion":"metrics.k8s.io/v1beta1","kind":"NodeMetrics","metadata":{"name":"x"}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var missing = await Server.Http.GetAsync("/apis/metrics.k8s.io/v1beta1/nodes/ghost");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("nodes.metrics.k8s.io \"ghost\" not found", (string?)JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["message"]);
    }

    private async Task RunningDaemonPods()
    {
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(KubernetesYaml.Deserialize<V1DaemonSet>(Manifests.MonitoringDaemon), "default");
        await Eventually.True(async () => (await Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=monitoring-agent")).Items
            .Count(p => p.Status?.Phase == "Running") == 2, what: "two running daemon pods");
    }
}
