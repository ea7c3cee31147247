using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Metrics;

/// <summary>
/// nodes/proxy to a simulated node's kubelet (pkg/registry/core/node/rest/proxy.go): the endpoints metrics-server
/// and users read (healthz, pods, stats/summary, metrics/resource), the kubelet mux's 404, and upstream's 404 and 503.
/// </summary>
public sealed class NodeProxyTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2);

    private async Task<(string Node, JsonObject Pod)> PinnedPodAsync()
    {
        var node = (await Client.CoreV1.ListNodeAsync()).Items.Select(n => n.Metadata.Name).Order(StringComparer.Ordinal).First();
        await Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta
            {
                Name = "busy",
                Annotations = new Dictionary<string, string> { ["sim.miniapiserver.io/usage-cpu"] = "250m", ["sim.miniapiserver.io/usage-memory"] = "64Mi" },
            },
            Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "a", Image = "a" }] },
        }, "default");
        var pod = await Eventually.Get(() => Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/busy"), p => p.Str("status", "phase") == "Running",
            TimeSpan.FromSeconds(30), "busy running");
        return (node, pod!);
    }

    [Fact]
    public async Task Healthz_Pods_AndUnknownPaths_AnswerAsAKubelet()
    {
        var (node, _) = await PinnedPodAsync();

        Assert.Equal("ok", await Server.Http.GetStringAsync($"/api/v1/nodes/{node}/proxy/healthz"));
        var pods = await Server.Http.GetJsonAsync($"/api/v1/nodes/{node}/proxy/pods");
        Assert.Equal("PodList", pods.Str("kind"));
        var names = pods!["items"]!.AsArray().Select(p => p.Str("metadata", "name")).ToList();
        Assert.Contains("busy", names);
        var others = (await Client.CoreV1.ListPodForAllNamespacesAsync()).Items.Where(p => p.Spec.NodeName != node).Select(p => p.Metadata.Name);
        Assert.DoesNotContain(others, names.Contains);

        using var missing = await Server.Http.GetAsync($"/api/v1/nodes/{node}/proxy/configz");
        Assert.Equal((HttpStatusCode.NotFound, "404 page not found\n"), (missing.StatusCode, await missing.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task StatsSummary_ReportsThePinnedUsage_AndCountersThatGrowAtThatRate()
    {
        var (node, pod) = await PinnedPodAsync();
        var start = DateTimeOffset.Parse(pod.Str("status", "startTime")!, CultureInfo.InvariantCulture);

        var summary = await Server.Http.GetJsonAsync($"/api/v1/nodes/{node}/proxy/stats/summary");

        Assert.Equal(node, summary.Str("node", "nodeName"));
        var busy = summary!["pods"]!.AsArray().Single(p => p.Str("podRef", "name") == "busy")!;
        Assert.Equal(pod.Str("metadata", "uid"), busy.Str("podRef", "uid"));
        var container = busy["containers"]!.AsArray().Single()!;
        Assert.Equal(("a", 250_000_000L, 64L << 20), (container.Str("name"), (long)container["cpu"]!["usageNanoCores"]!, (long)container["memory"]!["workingSetBytes"]!));
        // A quarter of a core since the pod started, to the second the timestamps carry.
        var at = DateTimeOffset.Parse(container.Str("cpu", "time")!, CultureInfo.InvariantCulture);
        var used = (long)container["cpu"]!["usageCoreNanoSeconds"]!;
        Assert.InRange(used, (long)(0.25e9 * ((at - start).TotalSeconds - 1)), (long)(0.25e9 * ((at - start).TotalSeconds + 2)));
        Assert.True((long)summary!["node"]!["cpu"]!["usageNanoCores"]! >= 250_000_000);
    }

    [Fact]
    public async Task ResourceMetrics_AreWhatMetricsServerScrapes()
    {
        var (node, _) = await PinnedPodAsync();

        using var response = await Server.Http.GetAsync($"/api/v1/nodes/{node}/proxy/metrics/resource");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var families = text.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToList();
        Assert.Equal(["container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_start_time_seconds", "node_cpu_usage_seconds_total",
            "node_memory_working_set_bytes", "pod_cpu_usage_seconds_total", "pod_memory_working_set_bytes", "resource_scrape_error"], families);
        // 64Mi as Go's strconv.FormatFloat(f, 'g', -1, 64) writes it, then the sample's timestamp in milliseconds.
        Assert.Matches(@"(?m)^container_memory_working_set_bytes\{container=""a"",namespace=""default"",pod=""busy""\} 6\.7108864e\+07 \d{13}$", text);
        Assert.Matches(@"(?m)^container_cpu_usage_seconds_total\{container=""a"",namespace=""default"",pod=""busy""\} [0-9.e+-]+ \d{13}$", text);
        Assert.Matches(@"(?m)^resource_scrape_error 0$", text);
    }

    [Fact]
    public async Task MissingNode_Is404_AndAnotherPort_Is503()
    {
        var node = (await Client.CoreV1.ListNodeAsync()).Items[0].Metadata.Name;

        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, "/api/v1/nodes/ghost/proxy/healthz", null);
        Assert.Equal((HttpStatusCode.NotFound, "nodes \"ghost\" not found"), (code, status.Str("message")));
        (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Get, $"/api/v1/nodes/{node}:8080/proxy/healthz", null);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, code);
        Assert.StartsWith("error trying to reach service: dial tcp ", status.Str("message"));
        Assert.Equal("ok", await Server.Http.GetStringAsync($"/api/v1/nodes/https:{node}:10250/proxy/healthz"));
    }
}
