using k8s;
using System.Text.Json.Nodes;
using k8s.Autorest;
using k8s.Models;
using MiniApiServer.IntegrationTests.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Disruption.DisruptionKit;

namespace MiniApiServer.IntegrationTests.Disruption;

/// <summary>
/// PodDisruptionBudget status as the disruption controller keeps it (pkg/controller/disruption/disruption_test.go
/// cases: integer and percentage bounds, controller scale, unknown controllers), its validation, and kubectl's table.
/// </summary>
public sealed class BudgetStatusTests : ServerTest
{
    private static readonly Dictionary<string, string> Web = new() { ["app"] = "web" };

    protected override ApiServerHost StartServer() => DisruptionKit.Start(nodes: 3);

    [Fact]
    public async Task MinAvailableInteger_CountsMatchingPods_AndFollowsThemUpAndDown()
    {
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 2);
        // No pods yet: a budget expecting nothing allows nothing.
        var empty = await BudgetAsync(Client, "web", currentHealthy: 0, desiredHealthy: 2, expectedPods: 0, disruptionsAllowed: 0);
        Assert.Equal(1, empty.Status.ObservedGeneration);

        await ReadyPodAsync(Client, "web-1", Web);
        await ReadyPodAsync(Client, "web-2", Web);
        await ReadyPodAsync(Client, "web-3", Web);
        await ReadyPodAsync(Client, "other", new Dictionary<string, string> { ["app"] = "other" });
        var three = await BudgetAsync(Client, "web", currentHealthy: 3, desiredHealthy: 2, expectedPods: 3, disruptionsAllowed: 1);
        var allowed = Assert.Single(three.Status.Conditions, c => c.Type == "DisruptionAllowed");
        Assert.Equal(("True", "SufficientPods", 1L), (allowed.Status, allowed.Reason, allowed.ObservedGeneration ?? 0));

        await Client.DeleteNamespacedPodAsync("web-3", Namespace);
        await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0);
    }

    [Fact]
    public async Task SpecChange_BumpsGeneration_AndTheControllerObservesIt()
    {
        await ReadyPodAsync(Client, "web-1", Web);
        await ReadyPodAsync(Client, "web-2", Web);
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 2);
        await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 2, expectedPods: 2, disruptionsAllowed: 0);

        await Server.Http.MergePatchAsync($"/apis/policy/v1/namespaces/{Namespace}/poddisruptionbudgets/web", """{"spec":{"minAvailable":1}}""");

        var after = await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1);
        Assert.Equal((2L, 2L), (after.Metadata.Generation ?? 0, after.Status.ObservedGeneration ?? 0));
    }

    [Fact]
    public async Task MaxUnavailableOverDaemonPods_ExpectsTheDaemonSetsDesiredNumberScheduled()
    {
        var ds = await Client.CreateNamespacedDaemonSetAsync(DaemonSetKit.NewDaemonSet("agent"), Namespace);
        await Eventually.True(() => DaemonSetKit.RunningExactlyOn(Client, ds, ["node-1", "node-2", "node-3"]), TimeSpan.FromSeconds(30), "agent on every node");

        await CreateBudgetAsync(Client, "agent", new Dictionary<string, string> { ["daemonset-name"] = "agent" }, maxUnavailable: "34%");

        // 34% of 3, rounded up, may be unavailable: 3 - 2 = 1 must stay healthy.
        await BudgetAsync(Client, "agent", currentHealthy: 3, desiredHealthy: 1, expectedPods: 3, disruptionsAllowed: 2);
    }

    [Fact]
    public async Task PercentageOverPodsOfAnUnknownControllerKind_FailsSafe_WithSyncFailed()
    {
        var owner = new V1OwnerReference { ApiVersion = "example.com/v1", Kind = "Widget", Name = "w", Uid = Guid.NewGuid().ToString(), Controller = true };
        await CreatePodAsync(Client, "widget-pod", Web, owners: [owner]);

        await CreateBudgetAsync(Client, "web", Web, minAvailable: "50%");

        var failed = await Eventually.Get(() => Client.ReadNamespacedPodDisruptionBudgetAsync("web", Namespace),
            p => p.Status?.Conditions?.Any(c => c.Reason == "SyncFailed") == true, what: "SyncFailed condition");
        var condition = Assert.Single(failed.Status.Conditions, c => c.Type == "DisruptionAllowed");
        Assert.Equal(("False", "no matches for kind \"Widget\" in version \"example.com/v1\""), (condition.Status, condition.Message));
        Assert.Equal(0, failed.Status.DisruptionsAllowed);
    }

    [Fact]
    public async Task BothBoundsSet_IsInvalid()
    {
        var ex = await Assert.ThrowsAsync<HttpOperationException>(() => CreateBudgetAsync(Client, "both", Web, minAvailable: 1, maxUnavailable: 1));

        Assert.Equal(422, (int)ex.Response.StatusCode);
        var status = JsonNode.Parse(ex.Response.Content)!;
        Assert.Contains("minAvailable and maxUnavailable cannot be both set", status["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("spec", status["details"]!["causes"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task PercentAbove100_AndNegativeInteger_AreInvalid()
    {
        var percent = await Assert.ThrowsAsync<HttpOperationException>(() => CreateBudgetAsync(Client, "p", Web, maxUnavailable: "150%"));
        var negative = await Assert.ThrowsAsync<HttpOperationException>(() => CreateBudgetAsync(Client, "n", Web, minAvailable: -1));

        // 1.32's field.Error prints an IntOrString with %#v: its String() has a pointer receiver (1.33+ prints JSON).
        Assert.Equal("PodDisruptionBudget.policy \"p\" is invalid: spec.maxUnavailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than 100%",
            JsonNode.Parse(percent.Response.Content)!["message"]!.GetValue<string>());
        Assert.Equal("PodDisruptionBudget.policy \"n\" is invalid: spec.minAvailable: Invalid value: -1: must be greater than or equal to 0",
            JsonNode.Parse(negative.Response.Content)!["message"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task KubectlGetAndDescribePdb_PrintUpstreamColumnsAndStatus()
    {
        await ReadyPodAsync(Client, "web-1", Web);
        await ReadyPodAsync(Client, "web-2", Web);
        await CreateBudgetAsync(Client, "web", Web, minAvailable: 1);
        await BudgetAsync(Client, "web", currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1);

        var output = await Kubectl.OkAsync("get", "pdb");

        Assert.Matches(@"^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\n", output);
        Assert.Matches(@"(?m)^web\s+1\s+N/A\s+1\s+\d+s$", output);
        var describe = await Kubectl.OkAsync("describe", "pdb", "web");
        Assert.Matches(@"(?m)^Min available:\s+1$", describe);
        Assert.Matches(@"(?m)^\s+Allowed disruptions:\s+1$", describe);
        Assert.Matches(@"(?m)^\s+Current:\s+2$", describe);
        Assert.Matches(@"(?m)^\s+Desired:\s+1$", describe);
        Assert.Matches(@"(?m)^\s+Total:\s+2$", describe);
    }
}
