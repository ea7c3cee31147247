using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Scheduling;

/// <summary>The default scheduler over HTTP, with hand-made nodes only (no simulated nodes).</summary>
public sealed class SchedulerTests : IAsyncLifetime
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private ApiServerHost _server = null!;

    public Task InitializeAsync()
    {
        _server = ApiServerHost.Start(nodes: 0);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task CreateNodeAsync(string name, string cpu, string memory = "8Gi", string labels = "{}", string taints = "[]")
    {
        await _server.Http.CreateAsync("/api/v1/nodes", """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"@name@","labels":@labels@},"spec":{"taints":@taints@}}
            """.Replace("@name@", name, StringComparison.Ordinal).Replace("@labels@", labels, StringComparison.Ordinal).Replace("@taints@", taints, StringComparison.Ordinal));
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        await _server.Http.MergePatchAsync($"/api/v1/nodes/{name}/status", """
            {"status":{"allocatable":{"cpu":"@cpu@","memory":"@memory@","pods":"110"},"capacity":{"cpu":"@cpu@","memory":"@memory@","pods":"110"},
             "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","lastHeartbeatTime":"@now@","lastTransitionTime":"@now@"}]}}
            """.Replace("@cpu@", cpu, StringComparison.Ordinal).Replace("@memory@", memory, StringComparison.Ordinal).Replace("@now@", now, StringComparison.Ordinal));
        // A new node is tainted not-ready (NodeTaint admission) until the node lifecycle controller sees it Ready.
        await Eventually.Get(() => _server.Http.GetJsonAsync($"/api/v1/nodes/{name}"),
            n => n?["spec"]?["taints"]?.AsArray().All(t => t.Str("key") != "node.kubernetes.io/not-ready") ?? true, what: $"{name} untainted");
    }

    private Task<JsonObject> CreatePodAsync(string name, string cpu = "100m", string extraSpec = "") =>
        _server.Http.CreateAsync(Pods, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"@name@"},
             "spec":{@extraSpec@"containers":[{"name":"c","image":"busybox","resources":{"requests":{"cpu":"@cpu@","memory":"64Mi"}}}]}}
            """.Replace("@name@", name, StringComparison.Ordinal).Replace("@extraSpec@", extraSpec, StringComparison.Ordinal).Replace("@cpu@", cpu, StringComparison.Ordinal));

    private Task<JsonObject?> GetPodAsync(string name) => _server.Http.GetJsonAsync($"{Pods}/{name}");

    private Task<JsonObject?> WaitBoundAsync(string name) =>
        Eventually.Get(() => GetPodAsync(name), p => !string.IsNullOrEmpty(p.Str("spec", "nodeName")), what: $"{name} bound");

    private static JsonObject? PodScheduled(JsonObject? pod) =>
        pod?["status"]?["conditions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(c => c.Str("type") == "PodScheduled");

    private Task<List<JsonObject>> EventsForAsync(string pod) =>
        _server.Http.ListItemsAsync($"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3D{pod}");

    [Fact]
    public async Task Pod_IsBoundToTheOnlyNodeWithRoom_AndGetsAScheduledEvent()
    {
        await CreateNodeAsync("small", cpu: "1");
        await CreateNodeAsync("big", cpu: "8");
        await CreatePodAsync("web", cpu: "2");

        var pod = await WaitBoundAsync("web");
        Assert.Equal("big", pod.Str("spec", "nodeName"));
        Assert.Equal("True", PodScheduled(pod).Str("status"));
        var events = await Eventually.Get(() => EventsForAsync("web"), e => e.Any(x => x.Str("reason") == "Scheduled"), what: "Scheduled event");
        var scheduled = events.Single(x => x.Str("reason") == "Scheduled");
        Assert.Equal("Successfully assigned default/web to big", scheduled.Str("message"));
        Assert.Equal("default-scheduler", scheduled.Str("source", "component"));
    }

    [Fact]
    public async Task NodeSelector_PicksTheLabelledNode()
    {
        await CreateNodeAsync("node-a", cpu: "4");
        await CreateNodeAsync("node-b", cpu: "4", labels: """{"disk":"ssd"}""");
        await CreatePodAsync("db", extraSpec: """ "nodeSelector":{"disk":"ssd"}, """);

        Assert.Equal("node-b", (await WaitBoundAsync("db")).Str("spec", "nodeName"));
    }

    [Fact]
    public async Task Taint_BlocksUntoleratingPods_AndToleratingPodsSchedule()
    {
        await CreateNodeAsync("gpu", cpu: "4", taints: """[{"key":"dedicated","value":"gpu","effect":"NoSchedule"}]""");
        await CreatePodAsync("plain");
        await CreatePodAsync("tolerant", extraSpec: """ "tolerations":[{"key":"dedicated","operator":"Equal","value":"gpu","effect":"NoSchedule"}], """);

        Assert.Equal("gpu", (await WaitBoundAsync("tolerant")).Str("spec", "nodeName"));
        var plain = await Eventually.Get(() => GetPodAsync("plain"), p => PodScheduled(p).Str("status") == "False", what: "plain unschedulable");
        Assert.Null(plain.Str("spec", "nodeName"));
        Assert.Equal(
            "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
            PodScheduled(plain).Str("message"));
    }

    [Fact]
    public async Task PodLargerThanEveryNode_IsUnschedulable_UntilABigNodeArrives()
    {
        await CreateNodeAsync("n1", cpu: "1");
        await CreateNodeAsync("n2", cpu: "2");
        await CreateNodeAsync("n3", cpu: "2", labels: """{"x":"y"}""");
        await CreatePodAsync("huge", cpu: "16");

        const string expected = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
        var pod = await Eventually.Get(() => GetPodAsync("huge"), p => PodScheduled(p).Str("status") == "False", what: "PodScheduled=False");
        var condition = PodScheduled(pod)!;
        Assert.Equal("Unschedulable", condition.Str("reason"));
        Assert.Equal(expected, condition.Str("message"));
        var events = await Eventually.Get(() => EventsForAsync("huge"), e => e.Any(x => x.Str("reason") == "FailedScheduling"), what: "FailedScheduling event");
        var failed = events.First(x => x.Str("reason") == "FailedScheduling");
        Assert.Equal("Warning", failed.Str("type"));
        Assert.Equal(expected, failed.Str("message"));
        Assert.Equal("default-scheduler", failed.Str("source", "component"));

        await CreateNodeAsync("n4", cpu: "32");
        var bound = await WaitBoundAsync("huge");
        Assert.Equal("n4", bound.Str("spec", "nodeName"));
        Assert.Equal("True", PodScheduled(bound).Str("status"));
    }

    [Fact]
    public async Task PodsForAnotherScheduler_AreLeftAlone()
    {
        await CreateNodeAsync("n1", cpu: "4");
        await CreatePodAsync("other", extraSpec: """ "schedulerName":"my-scheduler", """);
        await CreatePodAsync("mine");

        await WaitBoundAsync("mine");
        Assert.Null((await GetPodAsync("other")).Str("spec", "nodeName"));
    }

    [Fact]
    public async Task ManyPinnedPods_AreBoundToTheirOwnNodes()
    {
        for (var i = 0; i < 5; i++)
        {
            await CreateNodeAsync($"w{i}", cpu: "1");
        }
        for (var i = 0; i < 50; i++)
        {
            var node = $"w{i % 5}";
            await CreatePodAsync($"d{i}", cpu: "10m", extraSpec: """
                "affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchFields":[{"key":"metadata.name","operator":"In","values":["@node@"]}]}]}}},
                """.Replace("@node@", node, StringComparison.Ordinal));
        }
        var pods = await Eventually.Get(() => _server.Http.ListItemsAsync(Pods),
            items => items.Count == 50 && items.All(p => !string.IsNullOrEmpty(p.Str("spec", "nodeName"))), what: "all pinned pods bound");
        Assert.All(pods, p => Assert.Equal($"w{int.Parse(p.Str("metadata", "name")![1..]) % 5}", p.Str("spec", "nodeName")));
    }
}
