using System.Net;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using MiniApiServer.IntegrationTests.Rollouts;

namespace MiniApiServer.IntegrationTests.Replication;

/// <summary>
/// core/v1 ReplicationControllers over HTTP: the replication manager's pods on simulated nodes, status, scale, defaults,
/// validation in upstream's words, adoption, and deletion with and without cascading (the kind orphans by default).
/// </summary>
public sealed class ReplicationControllerTests : ServerTest
{
    private const string Rcs = "/api/v1/namespaces/default/replicationcontrollers";

    protected override ApiServerHost StartServer() => RolloutFixture.Start(nodes: 2);

    /// <summary>A manifest without selector or object labels: both come from the template's labels.</summary>
    private static string Rc(string name, int replicas, string restartPolicy = "Always") => """
        {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"NAME"},
         "spec":{"replicas":REPLICAS,"template":{"metadata":{"labels":{"app":"NAME"}},
           "spec":{"restartPolicy":"POLICY","containers":[{"name":"web","image":"nginx:1.27"}]}}}}
        """.Replace("NAME", name, StringComparison.Ordinal).Replace("REPLICAS", replicas.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("POLICY", restartPolicy, StringComparison.Ordinal);

    private Task<JsonObject> WaitReadyAsync(string name, int replicas) =>
        Eventually.Get(async () => (await Server.Http.GetJsonAsync($"{Rcs}/{name}"))!, rc =>
            rc["status"]?["readyReplicas"]?.GetValue<int>() == replicas && rc["status"]?["replicas"]?.GetValue<int>() == replicas
            && rc["status"]?["observedGeneration"]?.GetValue<long>() == rc["metadata"]?["generation"]?.GetValue<long>(), what: $"{name} at {replicas} ready");

    private async Task<List<JsonObject>> PodsAsync(string app) =>
        [.. (await Server.Http.ListItemsAsync($"/api/v1/namespaces/default/pods?labelSelector=app%3D{app}")).Where(p => p["metadata"]?["deletionTimestamp"] is null)];

    [Fact]
    public async Task CreatesReadyPodsOnNodes_StatusFollows_AndScaleSubresourceScales()
    {
        var created = await Server.Http.CreateAsync(Rcs, Rc("web", 2));
        Assert.Equal("""{"app":"web"}""", created["spec"]!["selector"]!.ToJsonString());
        Assert.Equal("""{"app":"web"}""", created["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal(1, created["metadata"]!["generation"]!.GetValue<long>());

        var rc = await WaitReadyAsync("web", 2);
        Assert.Equal(2, rc["status"]!["fullyLabeledReplicas"]!.GetValue<int>());
        Assert.Equal(2, rc["status"]!["availableReplicas"]!.GetValue<int>());
        var pods = await PodsAsync("web");
        Assert.Equal(2, pods.Count);
        foreach (var pod in pods)
        {
            Assert.StartsWith("web-", pod.Str("metadata", "name"), StringComparison.Ordinal);
            Assert.StartsWith("node-", pod.Str("spec", "nodeName"), StringComparison.Ordinal);
            Assert.Equal("Running", pod.Str("status", "phase"));
            var owner = Assert.Single(pod["metadata"]!["ownerReferences"]!.AsArray())!;
            Assert.Equal(("v1", "ReplicationController", "web", rc.Str("metadata", "uid")), (owner.Str("apiVersion"), owner.Str("kind"), owner.Str("name"), owner.Str("uid")));
            Assert.True(owner["controller"]!.GetValue<bool>());
            Assert.True(owner["blockOwnerDeletion"]!.GetValue<bool>());
        }

        var scale = (await Server.Http.GetJsonAsync($"{Rcs}/web/scale"))!;
        Assert.Equal("autoscaling/v1", scale.Str("apiVersion"));
        Assert.Equal("Scale", scale.Str("kind"));
        Assert.Equal(2, scale["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("app=web", scale.Str("status", "selector"));
        var scaled = await Server.Http.MergePatchAsync($"{Rcs}/web/scale", """{"spec":{"replicas":3}}""");
        Assert.Equal(3, scaled["spec"]!["replicas"]!.GetValue<int>());
        rc = await WaitReadyAsync("web", 3);
        Assert.Equal(2, rc["metadata"]!["generation"]!.GetValue<long>());
        Assert.Equal(3, (await PodsAsync("web")).Count);

        var byReplicas = await Server.Http.ListItemsAsync($"{Rcs}?fieldSelector=status.replicas%3D3");
        Assert.Equal("web", Assert.Single(byReplicas).Str("metadata", "name"));
        Assert.Empty(await Server.Http.ListItemsAsync($"{Rcs}?fieldSelector=status.replicas%3D9"));

        var events = await Server.Http.ListItemsAsync("/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dweb");
        Assert.Contains(events, e => e.Str("reason") == "SuccessfulCreate" && e.Str("message")!.StartsWith("Created pod: web-", StringComparison.Ordinal)
            && e.Str("source", "component") == "replication-controller" && e.Str("involvedObject", "kind") == "ReplicationController"
            && e.Str("involvedObject", "apiVersion") == "v1");
    }

    [Fact]
    public async Task StatusIsWrittenOnlyThroughStatus_AndOnlySpecChangesBumpGeneration()
    {
        await Server.Http.CreateAsync(Rcs, Rc("idle", 0));
        var patched = await Server.Http.MergePatchAsync($"{Rcs}/idle", """{"status":{"replicas":5},"metadata":{"labels":{"extra":"x"}}}""");
        Assert.Equal(0, patched["status"]!["replicas"]!.GetValue<int>());
        Assert.Equal(1, patched["metadata"]!["generation"]!.GetValue<long>());
        patched = await Server.Http.MergePatchAsync($"{Rcs}/idle", """{"spec":{"minReadySeconds":5}}""");
        Assert.Equal(2, patched["metadata"]!["generation"]!.GetValue<long>());
        // Upstream's selector is mutable, unlike a ReplicaSet's.
        patched = await Server.Http.MergePatchAsync($"{Rcs}/idle", """{"spec":{"selector":{"app":"idle","tier":"a"},"template":{"metadata":{"labels":{"tier":"a"}}}}}""");
        Assert.Equal("""{"app":"idle","tier":"a"}""", patched["spec"]!["selector"]!.ToJsonString());
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Patch, $"{Rcs}/idle/status", """{"status":{"replicas":-1}}""", "application/merge-patch+json");
        // Every unset count is 0, above -1: upstream lists those too.
        Assert.StartsWith("ReplicationController \"idle\" is invalid: [status.replicas: Invalid value: -1: must be greater than or equal to 0, status.fullyLabeledReplicas: Invalid value: 0: cannot be greater than status.replicas", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_UsesUpstreamMessages()
    {
        Assert.Equal(
            "ReplicationController \"bad\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"b\"}: `selector` does not match template `labels`",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Rcs, """
                {"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"bad"},
                 "spec":{"selector":{"app":"a"},"template":{"metadata":{"labels":{"app":"b"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
                """));
        Assert.Equal(
            "ReplicationController \"bad\" is invalid: [spec.selector: Required value, spec.template: Required value]",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Rcs, """{"apiVersion":"v1","kind":"ReplicationController","metadata":{"name":"bad"},"spec":{}}"""));
        Assert.Equal(
            "ReplicationController \"bad\" is invalid: spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Rcs, Rc("bad", 1, restartPolicy: "Never")));
        Assert.Equal(
            "ReplicationController \"bad\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, Rcs, Rc("bad", -1)));
    }

    [Fact]
    public async Task AdoptsAMatchingOrphan_AndOrphanDeletionReleasesItsPods()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"stray","labels":{"app":"adopt"}},"spec":{"containers":[{"name":"web","image":"nginx:1.27"}]}}
            """);
        var rc = await Server.Http.CreateAsync(Rcs, Rc("adopt", 1));
        var uid = rc.Str("metadata", "uid");
        await Eventually.True(async () => (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/stray"))?["metadata"]?["ownerReferences"]?[0]?.Str("uid") == uid,
            what: "stray adopted");
        await WaitReadyAsync("adopt", 1);
        Assert.Equal("stray", Assert.Single(await PodsAsync("adopt")).Str("metadata", "name"));

        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Rcs}/adopt", propagationPolicy: "Orphan"));
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{Rcs}/adopt") is null, what: "rc gone");
        await Eventually.True(async () => (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/pods/stray"))?["metadata"]?["ownerReferences"] is null,
            what: "stray released");
    }

    [Fact]
    public async Task DeleteWithoutAPolicyOrphans_AsUpstreamsDefaultForTheCoreKind()
    {
        await Server.Http.CreateAsync(Rcs, Rc("plain", 1));
        await WaitReadyAsync("plain", 1);
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Rcs}/plain"));
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"{Rcs}/plain") is null, what: "rc gone");
        var pod = await Eventually.Get(async () => Assert.Single(await PodsAsync("plain")), p => p["metadata"]?["ownerReferences"] is null, what: "pod released");
        Assert.Null(pod["metadata"]!["deletionTimestamp"]);
    }

    [Fact]
    public async Task BackgroundDeletion_CascadesToThePods()
    {
        await Server.Http.CreateAsync(Rcs, Rc("gone", 2));
        await WaitReadyAsync("gone", 2);
        Assert.Equal(HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Rcs}/gone", propagationPolicy: "Background"));
        await Eventually.True(async () => (await Server.Http.ListItemsAsync("/api/v1/namespaces/default/pods?labelSelector=app%3Dgone")).Count == 0, what: "pods collected");
    }

    [Fact]
    public async Task Quota_CountsThemUnderBothNames()
    {
        await Server.Http.CreateAsync("/api/v1/namespaces/default/resourcequotas", """
            {"apiVersion":"v1","kind":"ResourceQuota","metadata":{"name":"rcs"},"spec":{"hard":{"count/replicationcontrollers":"1","replicationcontrollers":"1"}}}
            """);
        await Eventually.True(async () => (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/resourcequotas/rcs")).Str("status", "used", "replicationcontrollers") == "0",
            what: "quota counted");
        await Server.Http.CreateAsync(Rcs, Rc("one", 0));
        var quota = await Eventually.Get(async () => (await Server.Http.GetJsonAsync("/api/v1/namespaces/default/resourcequotas/rcs"))!,
            q => q.Str("status", "used", "replicationcontrollers") == "1", what: "one counted");
        Assert.Equal("1", quota.Str("status", "used", "count/replicationcontrollers"));
        var (code, status) = await Server.Http.SendJsonAsync(HttpMethod.Post, Rcs, Rc("two", 0));
        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.EndsWith("is forbidden: exceeded quota: rcs, requested: count/replicationcontrollers=1,replicationcontrollers=1, "
            + "used: count/replicationcontrollers=1,replicationcontrollers=1, limited: count/replicationcontrollers=1,replicationcontrollers=1", status.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisruptionBudget_ExpectsTheReplicationControllersScale()
    {
        await Server.Http.CreateAsync(Rcs, Rc("guarded", 3));
        await WaitReadyAsync("guarded", 3);
        await Server.Http.CreateAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets", """
            {"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"guarded"},"spec":{"maxUnavailable":1,"selector":{"matchLabels":{"app":"guarded"}}}}
            """);
        var budget = await Eventually.Get(async () => (await Server.Http.GetJsonAsync("/apis/policy/v1/namespaces/default/poddisruptionbudgets/guarded"))!,
            b => b["status"]?["expectedPods"]?.GetValue<int>() == 3 && b["status"]?["currentHealthy"]?.GetValue<int>() == 3, what: "budget observed the pods");
        Assert.Equal(2, budget["status"]!["desiredHealthy"]!.GetValue<int>());
        Assert.Equal(1, budget["status"]!["disruptionsAllowed"]!.GetValue<int>());
    }

    [Fact]
    public async Task Table_HasUpstreamsColumns()
    {
        await Server.Http.CreateAsync(Rcs, Rc("web", 1));
        await WaitReadyAsync("web", 1);
        using var request = new HttpRequestMessage(HttpMethod.Get, Rcs);
        request.Headers.Accept.ParseAdd("application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await Server.Http.SendAsync(request);
        var table = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(["Name", "Desired", "Current", "Ready", "Age", "Containers", "Images", "Selector"],
            table["columnDefinitions"]!.AsArray().Select(c => c.Str("name")));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1], table["columnDefinitions"]!.AsArray().Select(c => c!["priority"]!.GetValue<int>()));
        var cells = table["rows"]![0]!["cells"]!.AsArray();
        Assert.Equal("web", cells[0]!.GetValue<string>());
        Assert.Equal([1, 1, 1], cells.Skip(1).Take(3).Select(c => c!.GetValue<int>()));
        Assert.Equal(["web", "nginx:1.27", "app=web"], cells.Skip(5).Select(c => c!.GetValue<string>()));
    }
}
