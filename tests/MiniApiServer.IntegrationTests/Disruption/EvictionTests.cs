using k8s;
using System.Text.Json.Nodes;
using k8s.Models;
using MiniApiServer.Application.Serialization.Protobuf;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Disruption.DisruptionKit;

namespace MiniApiServer.IntegrationTests.Disruption;

/// <summary>
/// POST pods/{name}/eviction over HTTP, with cases ported from test/integration/evictions/evictions_test.go
/// (concurrent evictions, terminal pods, both Eviction versions, preconditions) and the budget outcomes of
/// pkg/registry/core/pod/storage/eviction_test.go.
/// </summary>
public sealed class EvictionTests : ServerTest
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    protected override ApiServerHost StartServer() => DisruptionKit.Start(nodes: 2);

    [Fact]
    public async Task Evict_WithoutBudget_DeletesThePod_AndAnswersSuccess()
    {
        await ReadyPodAsync(Client, "lonely", Web);

        var (code, body) = await EvictAsync(Server.Http, "lonely");

        Assert.Equal(201, code);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""", body.ToJsonString());
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"/api/v1/namespaces/{Namespace}/pods/lonely") is null, what: "evicted pod gone");
    }

    [Fact]
    public async Task Evict_BudgetAllowsNone_Answers429WithTheDisruptionBudgetCause_AndKeepsThePod()
    {
        await ReadyPodAsync(Client, "web-1", Web);
        await ReadyPodAsync(Client, "web-2", Web);
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 2);
        await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0);

        var (code, body) = await EvictAsync(Server.Http, "web-1");

        Assert.Equal(429, code);
        Assert.Equal("Failure", body["status"]!.GetValue<string>());
        Assert.Equal("TooManyRequests", body["reason"]!.GetValue<string>());
        Assert.Equal("Cannot evict pod as it would violate the pod's disruption budget.", body["message"]!.GetValue<string>());
        Assert.Equal(429, body["code"]!.GetValue<int>());
        Assert.Equal("""{"causes":[{"reason":"DisruptionBudget","message":"The disruption budget web needs 2 healthy pods and has 2 currently"}]}""",
            body["details"]!.ToJsonString());
        var pod = await Client.ReadNamespacedPodAsync("web-1", Namespace);
        Assert.Null(pod.Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Evict_SpendsTheBudgetsOneDisruption_RecordsThePod_AndRefusesTheNext()
    {
        foreach (var name in new[] { "web-1", "web-2", "web-3" })
        {
            await ReadyPodAsync(Client, name, Web);
        }
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 2);
        await BudgetAsync(Client, "web", currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1);

        Assert.Equal(201, (await EvictAsync(Server.Http, "web-1")).Code);
        var (code, body) = await EvictAsync(Server.Http, "web-2");

        Assert.Equal(429, code);
        // 3 while web-1 is only recorded in disruptedPods, 2 once the controller saw it deleting: never fewer than desired.
        Assert.Matches("^The disruption budget web needs 2 healthy pods and has [23] currently$", body["details"]!["causes"]![0]!["message"]!.GetValue<string>());
        await Eventually.True(() => GoneOrDeletingAsync(Server.Http, "web-1"), what: "web-1 evicted");
        // Once web-1 is gone, the controller counts 2 healthy of 2 desired and drops it from disruptedPods.
        var settled = await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0);
        Assert.Null(settled.Status.DisruptedPods);
        var condition = Assert.Single(settled.Status.Conditions, c => c.Type == "DisruptionAllowed");
        Assert.Equal(("False", "InsufficientPods"), (condition.Status, condition.Reason));
    }

    [Fact]
    public async Task Evict_ReadsTheBudgetTheEvictionWrote_DisruptedPodsHoldsThePodUntilItDeletes()
    {
        foreach (var name in new[] { "web-1", "web-2" })
        {
            await ReadyPodAsync(Client, name, Web);
        }
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 0);
        await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 0, expectedPods: 2, disruptionsAllowed: 2);

        // A dry run spends nothing and deletes nothing.
        var (dryCode, _) = await EvictAsync(Server.Http, "web-1", deleteOptions: """{"dryRun":["All"]}""");
        Assert.Equal(201, dryCode);
        Assert.Null((await Client.ReadNamespacedPodAsync("web-1", Namespace)).Metadata.DeletionTimestamp);
        Assert.Equal(2, (await Client.ReadNamespacedPodDisruptionBudgetAsync("web", Namespace)).Status.DisruptionsAllowed);

        Assert.Equal(201, (await EvictAsync(Server.Http, "web-1")).Code);
        await BudgetAsync(Client, "web", currentHealthy: 1, desiredHealthy: 0, expectedPods: 1, disruptionsAllowed: 1);
    }

    [Fact]
    public async Task Evict_TenPodsConcurrently_UnderMinAvailableZero_AllSucceed()
    {
        var names = Enumerable.Range(0, 10).Select(i => $"web-{i}").ToList();
        foreach (var name in names)
        {
            await CreatePodAsync(Client, name, Web);
        }
        foreach (var name in names)
        {
            await Eventually.True(async () => (await Client.ReadNamespacedPodAsync(name, Namespace)).Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true, what: name);
        }
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 0);
        await BudgetAsync(Client, "web", currentHealthy: 10, desiredHealthy: 0, expectedPods: 10, disruptionsAllowed: 10);

        var results = await Task.WhenAll(names.Select(n => EvictAsync(Server.Http, n)));

        Assert.All(results, r => Assert.True(r.Code == 201, r.Body.ToJsonString()));
        await Eventually.True(async () => (await Client.ListNamespacedPodAsync(Namespace, labelSelector: "app=web")).Items.Count == 0, TimeSpan.FromSeconds(30), "all evicted pods gone");
        await BudgetAsync(Client, "web", currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0);
    }

    [Fact]
    public async Task Evict_PendingPod_IgnoresTheBudget()
    {
        await CreatePodAsync(Client, "stuck", Web, nodeSelector: new Dictionary<string, string> { ["no-such-node"] = "true" });
        await ReadyPodAsync(Client, "web-1", Web);
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 1);
        await BudgetAsync(Client, "web", currentHealthy: 1, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 0);

        var (code, body) = await EvictAsync(Server.Http, "stuck");

        Assert.True(code == 201, body.ToJsonString());
        await Eventually.True(async () => await Server.Http.GetJsonAsync($"/api/v1/namespaces/{Namespace}/pods/stuck") is null, what: "pending pod gone");
    }

    [Fact]
    public async Task Evict_PodOfTwoBudgets_Answers500()
    {
        await ReadyPodAsync(Client, "web-1", Web);
        await CreateBudgetAsync(Client, "one", Web, minAvailable: 0);
        await CreateBudgetAsync(Client, "two", Web, maxUnavailable: "100%");

        var (code, body) = await EvictAsync(Server.Http, "web-1");

        Assert.Equal(500, code);
        Assert.Equal("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", body["message"]!.GetValue<string>());
        Assert.Null(body["reason"]);
    }

    [Fact]
    public async Task Evict_NameNotThePods_Answers400()
    {
        await ReadyPodAsync(Client, "web-1", Web);

        var (code, body) = await EvictAsync(Server.Http, "web-1", evictionName: "other");

        Assert.Equal(400, code);
        Assert.Equal("name in URL does not match name in Eviction object", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evict_MissingPod_Answers404()
    {
        var (code, body) = await EvictAsync(Server.Http, "ghost");

        Assert.Equal(404, code);
        Assert.Equal("pods \"ghost\" not found", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Evict_PolicyV1beta1Body_AndProtobufV1Body_AreBothEvictions()
    {
        await ReadyPodAsync(Client, "old-client", Web);
        await ReadyPodAsync(Client, "typed-client", Web);

        var (beta, betaBody) = await EvictAsync(Server.Http, "old-client", apiVersion: "policy/v1beta1");
        var protobuf = KubernetesProtobuf.Encode(new JsonObject
        {
            ["apiVersion"] = "policy/v1",
            ["kind"] = "Eviction",
            ["metadata"] = new JsonObject { ["name"] = "typed-client", ["namespace"] = Namespace },
            ["deleteOptions"] = new JsonObject { ["gracePeriodSeconds"] = 0 },
        })!;
        var (typed, typedBody) = await PostEvictionAsync(Server.Http, "typed-client", Protobuf(protobuf));

        Assert.True(beta == 201, betaBody.ToJsonString());
        Assert.True(typed == 201, typedBody.ToJsonString());
        await Eventually.True(() => GoneOrDeletingAsync(Server.Http, "old-client"), what: "v1beta1 eviction");
        await Eventually.True(() => GoneOrDeletingAsync(Server.Http, "typed-client"), what: "protobuf eviction");
    }

    [Fact]
    public async Task Evict_WithAStaleResourceVersionPrecondition_Conflicts_AndKeepsThePod()
    {
        var pod = await ReadyPodAsync(Client, "web-1", Web);
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 0);
        await BudgetAsync(Client, "web", currentHealthy: 1, desiredHealthy: 0, expectedPods: 1, disruptionsAllowed: 1);

        var (code, body) = await EvictAsync(Server.Http, "web-1", deleteOptions: """{"preconditions":{"resourceVersion":"1"}}""");

        Assert.Equal(409, code);
        // eviction.go's getLatestPod: on the kind, in rest.BeforeDelete's words.
        Assert.Equal($"Operation cannot be fulfilled on Pod \"web-1\": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record ({pod.Metadata.ResourceVersion}). The object might have been modified",
            body["message"]!.GetValue<string>());
        Assert.Equal("Pod", body["details"]!["kind"]!.GetValue<string>());
        Assert.Null((await Client.ReadNamespacedPodAsync("web-1", Namespace)).Metadata.DeletionTimestamp);
        _ = pod;
    }

    [Fact]
    public async Task Evict_MarksThePodAsADisruptionTarget_BeforeDeletingIt()
    {
        var pod = await ReadyPodAsync(Client, "web-1", Web);
        // A finalizer holds the pod after its deletion, so the condition the eviction wrote stays visible.
        await Server.Http.MergePatchAsync($"/api/v1/namespaces/{Namespace}/pods/web-1", """{"metadata":{"finalizers":["example.com/hold"]}}""");

        Assert.Equal(201, (await EvictAsync(Server.Http, "web-1", deleteOptions: """{"gracePeriodSeconds":0}""")).Code);

        var evicted = await Client.ReadNamespacedPodAsync("web-1", Namespace);
        Assert.NotNull(evicted.Metadata.DeletionTimestamp);
        var target = Assert.Single(evicted.Status.Conditions, c => c.Type == "DisruptionTarget");
        Assert.Equal(("True", "EvictionByEvictionAPI", "Eviction API: evicting"), (target.Status, target.Reason, target.Message));
        await Server.Http.MergePatchAsync($"/api/v1/namespaces/{Namespace}/pods/web-1", """{"metadata":{"finalizers":null}}""");
        _ = pod;
    }
}
