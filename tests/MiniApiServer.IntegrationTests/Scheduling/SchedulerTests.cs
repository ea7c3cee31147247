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

    /// <summary>
    /// NodeResourcesFit counts a pod's overhead (set from its RuntimeClass by admission) with its requests, both for the
    /// pod being placed and for the pods a node already runs.
    /// </summary>
    [Fact]
    public async Task RuntimeClassOverhead_CountsTowardTheFit()
    {
        await CreateNodeAsync("small", cpu: "1");
        await CreateNodeAsync("big", cpu: "2");
        await _server.Http.CreateAsync("/apis/node.k8s.io/v1/runtimeclasses", """{"metadata":{"name":"kata"},"handler":"kata","overhead":{"podFixed":{"cpu":"500m"}}}""");

        // 700m + 500m fits only the 2-CPU node.
        await CreatePodAsync("first", cpu: "700m", extraSpec: """ "runtimeClassName":"kata", """);
        Assert.Equal("big", (await WaitBoundAsync("first")).Str("spec", "nodeName"));

        // Another 1200m fits neither: 1000m on one, 2000m - 1200m on the other (800m without the first's overhead: 1300m).
        await CreatePodAsync("second", cpu: "700m", extraSpec: """ "runtimeClassName":"kata", """);
        var pod = await Eventually.Get(() => GetPodAsync("second"), p => PodScheduled(p).Str("status") == "False", what: "second unschedulable");
        Assert.Equal("0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.",
            PodScheduled(pod).Str("message"));

        // The same requests without the class fit the small node.
        await CreatePodAsync("plain", cpu: "700m");
        Assert.Equal("small", (await WaitBoundAsync("plain")).Str("spec", "nodeName"));
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

    [Fact]
    public async Task GatedPod_WaitsWithSchedulingGated_AndIsBoundOnceItsLastGateIsRemoved()
    {
        await CreateNodeAsync("n1", cpu: "4");
        var created = await CreatePodAsync("gated", extraSpec: """ "schedulingGates":[{"name":"example.com/quota"},{"name":"example.com/image"}], """);
        // strategy.go applySchedulingGatedCondition, on the create itself.
        var waiting = PodScheduled(created)!;
        Assert.Equal("False", waiting.Str("status"));
        Assert.Equal("SchedulingGated", waiting.Str("reason"));
        Assert.Equal("Scheduling is blocked due to non-empty scheduling gates", waiting.Str("message"));
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"{Pods}/gated"))
        {
            request.Headers.Add("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
            using var response = await _server.Http.SendAsync(request);
            var row = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["rows"]![0]!["cells"]!.AsArray();
            Assert.Equal("SchedulingGated", row[2]!.GetValue<string>());
        }

        // A pod created after it is bound: the scheduler has run since, and the gated pod is still waiting.
        await CreatePodAsync("after");
        await WaitBoundAsync("after");
        Assert.Null((await GetPodAsync("gated")).Str("spec", "nodeName"));
        Assert.DoesNotContain(await EventsForAsync("gated"), e => e.Str("reason") == "FailedScheduling");

        await _server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/gated", """[{"op":"remove","path":"/spec/schedulingGates/0"}]""", "application/json-patch+json");
        Assert.Equal("example.com/image", (await GetPodAsync("gated"))!["spec"]!["schedulingGates"]![0].Str("name"));
        var (code, _) = await _server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/gated", """[{"op":"remove","path":"/spec/schedulingGates"}]""", "application/json-patch+json");
        Assert.Equal(System.Net.HttpStatusCode.OK, code);

        var bound = await WaitBoundAsync("gated");
        Assert.Equal("n1", bound.Str("spec", "nodeName"));
        Assert.Equal("True", PodScheduled(bound).Str("status"));
    }

    [Fact]
    public async Task AGatedPodThatFitsNowhere_KeepsSchedulingGated_WhileAnUngatedOneIsReportedUnschedulable()
    {
        // The scheduler's own filter, not the binding's 409: a pod no node can hold would get PodScheduled=False/
        // Unschedulable and a FailedScheduling event from any scheduling attempt.
        await CreateNodeAsync("small", cpu: "1");
        await CreatePodAsync("gated-huge", cpu: "16", extraSpec: """ "schedulingGates":[{"name":"example.com/quota"}], """);
        await CreatePodAsync("huge", cpu: "16");

        await Eventually.Get(() => GetPodAsync("huge"), p => PodScheduled(p).Str("reason") == "Unschedulable", what: "huge unschedulable");
        await Eventually.Get(() => EventsForAsync("huge"), e => e.Any(x => x.Str("reason") == "FailedScheduling"), what: "FailedScheduling for huge");
        Assert.Equal("SchedulingGated", PodScheduled(await GetPodAsync("gated-huge")).Str("reason"));
        Assert.DoesNotContain(await EventsForAsync("gated-huge"), e => e.Str("reason") == "FailedScheduling");
    }

    [Fact]
    public async Task SchedulingGates_MayOnlyBeRemoved_AndAGatedPodsNodeSelectorOnlyGrow()
    {
        var message = await _server.Http.InvalidMessageAsync(HttpMethod.Post, Pods, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"twice"},
             "spec":{"schedulingGates":[{"name":"a"},{"name":"a"},{"name":"not a name"}],"containers":[{"name":"c","image":"busybox"}]}}
            """);
        Assert.Contains("spec.schedulingGates[1]: Duplicate value: \"a\"", message, StringComparison.Ordinal);
        Assert.Contains("spec.schedulingGates[2]: Invalid value: \"not a name\"", message, StringComparison.Ordinal);
        // ValidatePodCreate: a pod its creator places cannot also wait for gates.
        Assert.Equal(
            "Pod \"placed-and-gated\" is invalid: spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared",
            await _server.Http.InvalidMessageAsync(HttpMethod.Post, Pods, """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"placed-and-gated"},
                 "spec":{"nodeName":"n1","schedulingGates":[{"name":"a"}],"containers":[{"name":"c","image":"busybox"}]}}
                """));

        await CreatePodAsync("gated", extraSpec: """ "schedulingGates":[{"name":"a"}],"nodeSelector":{"zone":"z1"}, """);
        Assert.Equal(
            "Pod \"gated\" is invalid: spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'b'",
            await _server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/gated", """{"spec":{"schedulingGates":[{"name":"a"},{"name":"b"}]}}""", "application/strategic-merge-patch+json"));
        Assert.Equal(
            "Pod \"gated\" is invalid: spec.nodeSelector: Invalid value: map[string]string{\"zone\":\"z2\"}: only additions to spec.nodeSelector are allowed (no mutations or deletions)",
            await _server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/gated", """{"spec":{"nodeSelector":{"zone":"z2"}}}""", "application/merge-patch+json"));

        // While gated, the selector may gain keys (KEP-3838: a queue controller narrows where the pod may run).
        var grown = await _server.Http.MergePatchAsync($"{Pods}/gated", """{"spec":{"nodeSelector":{"disk":"ssd"}}}""");
        Assert.Equal("ssd", grown["spec"]!["nodeSelector"]!["disk"]!.GetValue<string>());

        await _server.Http.MergePatchAsync($"{Pods}/gated", """{"spec":{"schedulingGates":null}}""");
        Assert.StartsWith(
            "Pod \"gated\" is invalid: spec: Forbidden: pod updates may not change fields other than",
            await _server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/gated", """{"spec":{"nodeSelector":{"rack":"r1"}}}""", "application/merge-patch+json"),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task AGatedPodsRequiredNodeAffinity_MayOnlyGainRequirements()
    {
        static string Affinity(string terms) =>
            "{\"spec\":{\"affinity\":{\"nodeAffinity\":{\"requiredDuringSchedulingIgnoredDuringExecution\":{\"nodeSelectorTerms\":" + terms + "}}}}}";
        const string Zone = """{"key":"zone","operator":"In","values":["z1"]}""";
        const string Disk = """{"key":"disk","operator":"Exists"}""";
        await CreatePodAsync("placed", extraSpec: """ "schedulingGates":[{"name":"a"}],"affinity":{"nodeAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":{"nodeSelectorTerms":[{"matchExpressions":[ """ + Zone + "]}]}}}, ");

        var narrowed = await _server.Http.MergePatchAsync($"{Pods}/placed", Affinity($"[{{\"matchExpressions\":[{Zone},{Disk}]}}]"));
        Assert.Equal(2, narrowed["spec"]!["affinity"]!["nodeAffinity"]!["requiredDuringSchedulingIgnoredDuringExecution"]!["nodeSelectorTerms"]![0]!["matchExpressions"]!.AsArray().Count);

        Assert.Equal(
            "Pod \"placed\" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]: Invalid value: " +
            "core.NodeSelectorTerm{MatchExpressions:[]core.NodeSelectorRequirement{core.NodeSelectorRequirement{Key:\"disk\", Operator:\"Exists\", Values:[]string(nil)}}, " +
            "MatchFields:[]core.NodeSelectorRequirement(nil)}: only additions are allowed (no mutations or deletions)",
            await _server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/placed", Affinity($"[{{\"matchExpressions\":[{Disk}]}}]"), "application/merge-patch+json"));
        // validateNodeSelectorTermHasOnlyAdditions keeps the old requirements in order, ahead of any new one.
        Assert.Contains("nodeSelectorTerms[0]: Invalid value: ",
            await _server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/placed", Affinity($"[{{\"matchExpressions\":[{Disk},{Zone}]}}]"), "application/merge-patch+json"),
            StringComparison.Ordinal);
        var added = await _server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Pods}/placed",
            Affinity($"[{{\"matchExpressions\":[{Zone},{Disk}]}},{{\"matchExpressions\":[{Disk}]}}]"), "application/merge-patch+json");
        Assert.StartsWith(
            "Pod \"placed\" is invalid: spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms: Invalid value: []core.NodeSelectorTerm{core.NodeSelectorTerm{",
            added, StringComparison.Ordinal);
        Assert.EndsWith("}}: no additions/deletions to non-empty NodeSelectorTerms list are allowed", added, StringComparison.Ordinal);
    }
}
