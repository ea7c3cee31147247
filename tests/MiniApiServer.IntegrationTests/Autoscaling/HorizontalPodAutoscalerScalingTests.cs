using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Autoscaling.AutoscalingKit;

namespace MiniApiServer.IntegrationTests.Autoscaling;

/// <summary>
/// The HPA controller end to end (pkg/controller/podautoscaler/horizontal.go): pods whose usage is pinned by
/// annotation, the replica counts worked out here by hand from upstream's formula
/// ceil(currentUtilization / target × readyPods), the scale-up limit max(2 × current, 4) of an HPA without a
/// behavior, the downscale stabilization window, and a behavior's rate policy.
/// </summary>
public sealed partial class HorizontalPodAutoscalerScalingTests : ServerTest
{
    protected override ApiServerHost StartServer() => AutoscalingKit.Start();

    [KubectlFact]
    public async Task KubectlAutoscale_ScalesUpInSteps_ToMaxReplicas()
    {
        // Each pod uses 200m of its 100m request: 200% against a 50% target, four times what one replica needs.
        await Server.Http.CreateAsync(DeploymentsPath, Deployment("web", 1, "200m"));

        var autoscaled = await Kubectl.OkAsync("autoscale", "deployment", "web", "--cpu-percent=50", "--min=1", "--max=10");
        Assert.Equal("horizontalpodautoscaler.autoscaling/web autoscaled\n", autoscaled);

        // 1 → ceil(4 × 1) = 4 (the limit is max(2, 4) = 4); 4 → 16, held to 8; 8 → 32, held to maxReplicas 10.
        var settled = await HpaWhen(Server.Http, "web", h => h.At("status", "currentReplicas") == "10" && Has(h, "ScalingLimited", "True", "TooManyReplicas"), "scaled to 10");
        Assert.Equal("10", settled.At("status", "desiredReplicas"));
        Assert.Equal("200", settled.At("status", "currentMetrics", "0", "resource", "current", "averageUtilization"));
        Assert.Equal("200m", settled.At("status", "currentMetrics", "0", "resource", "current", "averageValue"));
        Assert.NotNull(settled.At("status", "lastScaleTime"));
        Assert.Equal("the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
            Condition(settled, "ScalingActive")!.At("message"));
        Assert.Equal("the desired replica count is more than the maximum replica count", Condition(settled, "ScalingLimited")!.At("message"));
        Assert.Equal(10, (await Server.Http.GetJsonAsync($"{DeploymentsPath}/web"))!["spec"]!["replicas"]!.GetValue<int>());

        // Event names are random, so the list's order is not the events' order.
        var rescales = await EventMessages(Server.Http, "SuccessfulRescale");
        Assert.Equal(
            ["New size: 10; reason: cpu resource utilization (percentage of request) above target",
             "New size: 4; reason: cpu resource utilization (percentage of request) above target",
             "New size: 8; reason: cpu resource utilization (percentage of request) above target"],
            rescales.Order(StringComparer.Ordinal));

        var table = await Kubectl.OkAsync("get", "hpa");
        Assert.Matches(TableHeader(), table);
        Assert.Matches(new Regex(@"\nweb\s+Deployment/web\s+cpu: 200%/50%\s+1\s+10\s+10\s+\S+\n"), table);
    }

    [Fact]
    public async Task ScaleDown_WaitsOutTheStabilizationWindow_ThenGoesToWhatTheMetricsAsk()
    {
        // Four pods at 10% of their request against a 50% target: ceil(0.2 × 4) = 1.
        await Server.Http.CreateAsync(DeploymentsPath, Deployment("idle", 4, "10m"));
        var created = await Server.Http.CreateAsync(Hpas, Hpa("idle", "idle", """ "minReplicas":1,"maxReplicas":5,"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]"""));

        var scaled = await HpaWhen(Server.Http, "idle", h => h.At("status", "desiredReplicas") == "1", "scaled down to 1");
        Assert.Equal(["New size: 1; reason: All metrics below target"], await EventMessages(Server.Http, "SuccessfulRescale"));
        // The first sync remembered 4 as a recommendation, and a scale down takes the highest one in the last 10 s
        // (both timestamps are whole seconds, hence 9). Without the window it would follow as soon as the pods are Ready.
        var waited = DateTimeOffset.Parse(scaled.At("status", "lastScaleTime")!) - DateTimeOffset.Parse(created.At("metadata", "creationTimestamp")!);
        Assert.True(waited >= TimeSpan.FromSeconds(9), $"scaled down {waited} after the HPA was created, inside the 10 s window");
        await Eventually.Get(() => Server.Http.GetJsonAsync($"{DeploymentsPath}/idle"), d => d!["spec"]!["replicas"]!.GetValue<int>() == 1, TimeSpan.FromSeconds(30), "deployment at 1");
    }

    [Fact]
    public async Task Behavior_PodsPolicy_AddsOneReplicaPerPeriod_AndSaysItIsLimited()
    {
        await Server.Http.CreateAsync(DeploymentsPath, Deployment("slow", 1, "200m"));
        var created = await Server.Http.CreateAsync(Hpas, Hpa("slow", "slow",
            """ "maxReplicas":10,"behavior":{"scaleUp":{"policies":[{"type":"Pods","value":1,"periodSeconds":60}]}}"""));

        // Defaults: minReplicas 1, cpu at 80%, the rules' unset fields (scaleDown keeps no window: the controller's flag fills it).
        Assert.Equal("1", created.At("spec", "minReplicas"));
        Assert.Equal("80", created.At("spec", "metrics", "0", "resource", "target", "averageUtilization"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"stabilizationWindowSeconds":0,"selectPolicy":"Max","policies":[{"type":"Pods","value":1,"periodSeconds":60}]}"""),
            created["spec"]!["behavior"]!["scaleUp"]), created["spec"]!["behavior"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"selectPolicy":"Max","policies":[{"type":"Percent","value":100,"periodSeconds":15}]}"""),
            created["spec"]!["behavior"]!["scaleDown"]), created["spec"]!["behavior"]!.ToJsonString());

        // 200% of 80%: ceil(2.5 × 1) = 3, but one pod per 60 s allows 1 + 1 = 2, and the next syncs stay there.
        var limited = await HpaWhen(Server.Http, "slow", h => h.At("status", "currentReplicas") == "2" && Has(h, "ScalingLimited", "True", "ScaleUpLimit"), "held at 2");
        Assert.Equal("the desired replica count is increasing faster than the maximum scale rate", Condition(limited, "ScalingLimited")!.At("message"));
        Assert.Equal("2", limited.At("status", "desiredReplicas"));
        Assert.Equal(["New size: 2; reason: cpu resource utilization (percentage of request) above target"], await EventMessages(Server.Http, "SuccessfulRescale"));
        Assert.Equal(2, (await Server.Http.GetJsonAsync($"{DeploymentsPath}/slow"))!["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task TwoHpasOverTheSamePods_NeitherScales_AmbiguousSelector()
    {
        await Server.Http.CreateAsync(DeploymentsPath, Deployment("shared", 1, "200m"));
        await Server.Http.CreateAsync(Hpas, Hpa("first", "shared", """ "maxReplicas":3"""));
        await Server.Http.CreateAsync(Hpas, Hpa("second", "shared", """ "maxReplicas":6"""));

        const string message = "pods by selector app=shared are controlled by multiple HPAs: [default/first default/second]";
        foreach (var name in new[] { "first", "second" })
        {
            var hpa = await HpaWhen(Server.Http, name, h => Has(h, "ScalingActive", "False", "AmbiguousSelector"), $"{name} ambiguous");
            Assert.Equal(message, Condition(hpa, "ScalingActive")!.At("message"));
        }
        Assert.Contains(message, await EventMessages(Server.Http, "FailedComputeMetricsReplicas"));
        // An HPA claims pods only once it has synced (upstream registers labels.Nothing() until then), so the first
        // may have scaled once before the second's first sync. From here on neither acts: three more syncs of each
        // (the aggregated event's count) leave the Deployment and the rescale events as they are.
        var replicas = (await Server.Http.GetJsonAsync($"{DeploymentsPath}/shared"))!["spec"]!["replicas"]!.GetValue<int>();
        var rescales = (await EventMessages(Server.Http, "SuccessfulRescale")).Count;
        var seen = await AmbiguousCount("first");
        await Eventually.Get(() => AmbiguousCount("first"), c => c >= seen + 3, TimeSpan.FromSeconds(30), "three more syncs of first");
        await Eventually.Get(() => AmbiguousCount("second"), c => c >= 3, TimeSpan.FromSeconds(30), "three syncs of second");
        Assert.Equal(replicas, (await Server.Http.GetJsonAsync($"{DeploymentsPath}/shared"))!["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(rescales, (await EventMessages(Server.Http, "SuccessfulRescale")).Count);
        Assert.True(replicas <= 3, $"replicas {replicas}: at most the first HPA's one rescale to 3");

        // With one of them gone, the other scales again: 200% of 80% from 1 is ceil(2.5) = 3; from 3 it is 8, held to maxReplicas 3.
        Assert.Equal(System.Net.HttpStatusCode.OK, await Server.Http.DeleteJsonAsync($"{Hpas}/second"));
        await HpaWhen(Server.Http, "first", h => h.At("status", "desiredReplicas") == "3" && Has(h, "ScalingActive", "True", "ValidMetricFound"), "first scales alone");
    }

    private async Task<int> AmbiguousCount(string hpa) =>
        (await Server.Http.ListItemsAsync($"/api/v1/namespaces/default/events?fieldSelector=reason%3DAmbiguousSelector,involvedObject.name%3D{hpa}"))
            .Sum(e => e["count"]?.GetValue<int>() ?? 1);

    [GeneratedRegex(@"^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\n")]
    private static partial Regex TableHeader();
}
